using System.Diagnostics;
using Hourglass.Protocol;

namespace Hourglass.Telemetry;

/// <summary>
/// A request with the W3C trace context of the span it was sent from, so the operation's span —
/// on this node or on the node that serves it — continues the caller's trace. The Ask helpers
/// (<see cref="HourglassAskExtensions"/>) send every request this way while an
/// <see cref="Activity"/> is current; an actor that tells the router itself can wrap its request
/// with <see cref="Wrap"/>. The router serves the request inside as if it had come alone, and the
/// reply is the request's own.
/// </summary>
/// <param name="Request">The request.</param>
/// <param name="TraceParent">The caller's span as a W3C <c>traceparent</c> (<c>00-{trace id}-{span id}-{flags}</c>); a malformed one is ignored.</param>
public sealed record TracedRequest(IHourglassRequest Request, string TraceParent) : IHourglassMessage
{
    /// <summary>The caller's W3C <c>tracestate</c>; null for none.</summary>
    public string? TraceState { get; init; }

    /// <summary>
    /// <paramref name="request"/> with the context of <see cref="Activity.Current"/>, or the request
    /// itself when no activity is current (nothing is added then).
    /// </summary>
    public static object Wrap(IHourglassRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Activity.Current is { } current && current.IdFormat == ActivityIdFormat.W3C && current.Id is { } id
            ? new TracedRequest(request, id) { TraceState = current.TraceStateString }
            : request;
    }

    /// <summary>The caller's span context, when <see cref="TraceParent"/> is well formed.</summary>
    internal SpanParent? Parent(bool isRemote) =>
        ActivityContext.TryParse(TraceParent, TraceState, isRemote, out var context) ? new SpanParent(context) : null;
}
