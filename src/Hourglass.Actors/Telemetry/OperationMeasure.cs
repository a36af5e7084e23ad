using System.Diagnostics;
using Hourglass.Protocol;

namespace Hourglass.Telemetry;

/// <summary>
/// One operation being measured, from its receipt (<see cref="HourglassInstruments.Begin"/>) to its
/// answer (<see cref="End"/>): its span, when someone traces, and its start, when someone measures
/// durations. A value type, kept beside the request it measures; <c>default</c> measures nothing.
/// </summary>
internal readonly struct OperationMeasure
{
    /// <summary>The outcome recorded for an operation its backend answered without the base's help: <c>unknown</c>.</summary>
    public static readonly object AnsweredElsewhere = new();

    /// <summary>The outcome recorded for an operation its backend crashed on (it is answered BackendFailed).</summary>
    public static readonly HourglassError Crashed = HourglassError.BackendFailed("the backend crashed on this operation");

    private readonly HourglassInstruments? _instruments;
    private readonly Activity? _previous;

    internal OperationMeasure(HourglassInstruments instruments, string operation, BackendKind backend, long started, Activity? span, Activity? previous)
    {
        _instruments = instruments;
        Operation = operation;
        Backend = backend;
        Started = started;
        Span = span;
        _previous = previous;
    }

    /// <summary>The operation's name.</summary>
    public string Operation { get; }

    /// <summary>The backend that serves it.</summary>
    public BackendKind Backend { get; }

    /// <summary>The timestamp of its receipt (<see cref="Stopwatch.GetTimestamp"/>); 0 when no duration is measured.</summary>
    public long Started { get; }

    /// <summary>Its span; null when nobody traces.</summary>
    public Activity? Span { get; }

    /// <summary>The span's context, to parent the calls made for it; default when there is no span.</summary>
    public ActivityContext Context => Span?.Context ?? default;

    /// <summary>
    /// Ends the operation's turn in the current thread: <see cref="Activity.Current"/> is what it was
    /// before <see cref="HourglassInstruments.Begin"/>. The span goes on until <see cref="End"/>.
    /// </summary>
    public void Leave()
    {
        if (Span is not null) Activity.Current = _previous;
    }

    /// <summary>Records the answer: counted and timed by outcome, the span ended (with error status for a failure).</summary>
    public void End(object reply)
    {
        if (_instruments is null) return;
        _instruments.Record(this, reply);
        if (Span is not { } span) return;
        var current = Activity.Current;
        var error = reply switch
        {
            OperationFailed failed => failed.Error,
            HourglassError e => e,
            _ => null,
        };
        if (span.IsAllDataRequested)
        {
            span.SetTag(HourglassTelemetry.OutcomeTag, HourglassInstruments.OutcomeOf(reply));
            if (error is not null)
            {
                span.SetTag("error.type", error.Kind.ToString());
                span.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }
        span.Stop();
        // Stopping makes the span's predecessor current; the thread keeps what it had.
        Activity.Current = ReferenceEquals(current, span) ? _previous : current;
    }
}
