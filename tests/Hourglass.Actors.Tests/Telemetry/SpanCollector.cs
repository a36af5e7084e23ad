using System.Collections.Concurrent;
using System.Diagnostics;
using Hourglass.Telemetry;

namespace Hourglass.Tests.Telemetry;

/// <summary>
/// An <see cref="ActivityListener"/> on one ActorSystem's Hourglass source (each system has its
/// own), recording every span, and the test's own parent spans, as they stop.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    /// <summary>A source for the test's own parent spans.</summary>
    public static readonly ActivitySource TestSource = new("Hourglass.Tests.Parent");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanCollector(ActorSystem system)
    {
        var source = HourglassInstruments.Get(system).Source;
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source) || ReferenceEquals(s, TestSource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (ReferenceEquals(a.Source, source)) _stopped.Enqueue(a);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The Hourglass spans that have ended, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => _stopped.ToArray();

    /// <summary>The ended spans named <paramref name="name"/> whose workflow id tag is <paramref name="workflowId"/>.</summary>
    public IReadOnlyList<Activity> Named(string name, string? workflowId = null) =>
        Spans.Where(s => s.DisplayName == name && (workflowId is null || Equals(s.GetTagItem(HourglassTelemetry.WorkflowIdTag), workflowId))).ToArray();

    /// <summary>The ended spans whose parent is <paramref name="parent"/>, in the order they ended.</summary>
    public IReadOnlyList<Activity> ChildrenOf(Activity parent) =>
        Spans.Where(s => s.ParentSpanId == parent.SpanId && s.TraceId == parent.TraceId).ToArray();

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
