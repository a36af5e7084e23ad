using System.Diagnostics;

namespace Hourglass.Telemetry;

/// <summary>
/// The span an operation's span continues, carried inside this node beside the operation (a
/// reference, so a message that carries none pays one null field).
/// </summary>
/// <param name="Context">The parent span's context.</param>
internal sealed record SpanParent(ActivityContext Context)
{
    /// <summary>The parent for spans of <paramref name="measure"/>'s calls; null when it has no span.</summary>
    public static SpanParent? Of(in OperationMeasure measure) => measure.Span is { } span ? new SpanParent(span.Context) : null;
}
