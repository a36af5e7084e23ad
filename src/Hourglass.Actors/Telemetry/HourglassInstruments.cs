using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Hourglass.Backends.Real;
using Hourglass.Protocol;
using Hourglass.Status;

namespace Hourglass.Telemetry;

/// <summary>
/// One ActorSystem's meter and activity source (both named <see cref="HourglassTelemetry.Name"/>),
/// their instruments made once, and the counts the observable instruments read. Everything here is
/// cheap when nobody listens: an instrument is asked whether it is enabled before a tag list or a
/// timestamp is made, and a span is started only when the source has a listener.
/// </summary>
/// <remarks>An Akka extension (<see cref="Get"/>); disposed when its system terminates.</remarks>
internal sealed class HourglassInstruments : IExtension, IDisposable
{
    // Bucket bounds for operation durations: OpenTelemetry's RPC client bounds, then the minutes an await may wait.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 300];

    private static readonly string[] Backends = ["real", "mock", "actor"];

    private static readonly string[] Outcomes = Enum.GetValues<ErrorKind>().Select(k => k.ToString()).ToArray();

    private static readonly ConcurrentDictionary<string, string> SpanNames = new(StringComparer.Ordinal);

    private readonly Counter<long> _operations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly long[] _inFlight = new long[3];
    private readonly long[] _longPolls = new long[3];
    private long _awaits;
    private long _watches;
    private readonly ConcurrentDictionary<object, QueryCounter> _queryCounters = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<TemporalConnector, KeyValuePair<string, object?>> _connectors = new(ReferenceEqualityComparer.Instance);

    private HourglassInstruments(ActorSystem system)
    {
        Meter = new Meter(new MeterOptions(HourglassTelemetry.Name) { Version = HourglassTelemetry.Version, Scope = system });
        Source = new ActivitySource(HourglassTelemetry.Name, HourglassTelemetry.Version);
        _operations = Meter.CreateCounter<long>(HourglassTelemetry.Operations, "{operation}",
            "Operations answered, by operation, backend and outcome (ok or the error kind).");
        _duration = Meter.CreateHistogram(HourglassTelemetry.OperationDuration, "s",
            "Time from an operation's receipt to its answer, by operation, backend and outcome.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _retries = Meter.CreateCounter<long>(HourglassTelemetry.RpcRetries, "{retry}",
            "RPC attempts the real backend made again after a transient failure, by rpc.method and error.type.");
        Meter.CreateObservableUpDownCounter(HourglassTelemetry.OperationsInFlight, () => ByBackend(_inFlight), "{operation}",
            "Backend operations held for an answer from Temporal (long polls apart), by backend.");
        Meter.CreateObservableUpDownCounter(HourglassTelemetry.LongPollsInFlight, () => ByBackend(_longPolls), "{poll}",
            "History long polls held for an answer from Temporal, by backend.");
        Meter.CreateObservableUpDownCounter(HourglassTelemetry.QueriesInFlight, ObserveQueries, "{query}",
            "Status, await and watch queries in flight (bounded by hourglass.max-queries).");
        Meter.CreateObservableUpDownCounter(HourglassTelemetry.AwaitsPending, () => Volatile.Read(ref _awaits), "{await}",
            "Awaits waiting for their workflow to close.");
        Meter.CreateObservableUpDownCounter(HourglassTelemetry.WatchesActive, () => Volatile.Read(ref _watches), "{watch}",
            "Watches receiving their workflow's events.");
        Meter.CreateObservableGauge(HourglassTelemetry.TemporalConnected, ObserveConnections, "1",
            "1 while the real backend's last call reached Temporal, 0 after one that could not (or before any), by server.address.");
    }

    /// <summary>The system's instruments, made on first use.</summary>
    public static HourglassInstruments Get(ActorSystem system) => system.WithExtension<HourglassInstruments, Provider>();

    /// <summary>The meter, scoped to its ActorSystem.</summary>
    public Meter Meter { get; }

    /// <summary>The activity source of operation and RPC spans.</summary>
    public ActivitySource Source { get; }

    /// <summary>The tag value of a backend kind.</summary>
    public static string BackendName(BackendKind kind) => Backends[(int)kind];

    /// <summary>The outcome tag of a reply: <c>ok</c>, or the kind of the error it carries.</summary>
    public static string OutcomeOf(object reply) => reply switch
    {
        OperationFailed failed => Outcomes[(int)failed.Error.Kind],
        HourglassError error => Outcomes[(int)error.Kind],
        _ when ReferenceEquals(reply, OperationMeasure.AnsweredElsewhere) => "unknown",
        _ => HourglassTelemetry.Ok,
    };

    // ---- operations ----

    /// <summary>
    /// Starts measuring an operation received now: its span (child of <paramref name="parent"/>, or
    /// a root) is made current so that the calls it makes carry it; the caller restores
    /// <see cref="Activity.Current"/> (<see cref="OperationMeasure.Leave"/>) when its turn ends.
    /// </summary>
    public OperationMeasure Begin(string operation, BackendKind backend, ActivityContext parent)
    {
        // Nobody listening (the common case, and every benchmark's): nothing to measure, and no span
        // to make current, so the thread's current activity is not even read.
        var traced = Source.HasListeners();
        if (!traced && !_operations.Enabled && !_duration.Enabled) return default;
        var previous = traced ? Activity.Current : null;
        Activity? span = null;
        if (traced)
        {
            // Whatever a dispatcher thread happens to carry is not this operation's parent.
            Activity.Current = null;
            span = Source.StartActivity(SpanNames.GetOrAdd(operation, HourglassTelemetry.SpanName), ActivityKind.Internal, parent);
            if (span is { IsAllDataRequested: true })
            {
                span.SetTag(HourglassTelemetry.OperationTag, operation);
                span.SetTag(HourglassTelemetry.BackendTag, Backends[(int)backend]);
            }
            if (span is null) Activity.Current = previous;
        }
        return new OperationMeasure(this, operation, backend, _duration.Enabled ? Stopwatch.GetTimestamp() : 0, span, previous);
    }

    /// <summary>Records an operation answered with <paramref name="reply"/> (called by <see cref="OperationMeasure.End"/>).</summary>
    internal void Record(in OperationMeasure measure, object reply)
    {
        if (!_operations.Enabled && measure.Started == 0) return;
        var tags = new TagList
        {
            { HourglassTelemetry.OperationTag, measure.Operation },
            { HourglassTelemetry.BackendTag, Backends[(int)measure.Backend] },
            { HourglassTelemetry.OutcomeTag, OutcomeOf(reply) },
        };
        _operations.Add(1, in tags);
        if (measure.Started != 0) _duration.Record(Stopwatch.GetElapsedTime(measure.Started).TotalSeconds, in tags);
    }

    /// <summary>Counts and traces an operation answered at once without a backend (refused by the router).</summary>
    public void Refused(string operation, BackendKind backend, ActivityContext parent, HourglassError error)
    {
        if (!_operations.Enabled && !_duration.Enabled && !Source.HasListeners()) return;
        var measure = Begin(operation, backend, parent);
        measure.End(error);
    }

    /// <summary>One more (or, with -1, one fewer) backend operation held for Temporal's answer.</summary>
    public void InFlight(BackendKind backend, bool longPoll, int delta) =>
        Interlocked.Add(ref (longPoll ? _longPolls : _inFlight)[(int)backend], delta);

    /// <summary>One more (or fewer) await waiting.</summary>
    public void Awaits(int delta) => Interlocked.Add(ref _awaits, delta);

    /// <summary>One more (or fewer) watch active.</summary>
    public void Watches(int delta) => Interlocked.Add(ref _watches, delta);

    /// <summary>Reports a router lineage's query count (<paramref name="lineage"/> is its shared state); a later call replaces it.</summary>
    public void TrackQueries(object lineage, QueryCounter counter) => _queryCounters[lineage] = counter;

    /// <summary>Stops reporting a router lineage's queries (its router stopped).</summary>
    public void ForgetQueries(object lineage) => _queryCounters.TryRemove(lineage, out _);

    /// <summary>Reports whether <paramref name="connector"/>'s calls reach Temporal.</summary>
    public void TrackConnection(TemporalConnector connector, string target) =>
        _connectors.TryAdd(connector, new KeyValuePair<string, object?>("server.address", target));

    // ---- RPCs of the real backend ----

    /// <summary>Starts the span of one RPC attempt, a child of the current operation span; null when nobody listens.</summary>
    public Activity? StartAttempt(RpcName rpc, int attempt, string target)
    {
        if (!Source.HasListeners()) return null;
        var span = Source.StartActivity(rpc.SpanName, ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("rpc.system", "grpc");
            span.SetTag("rpc.service", RpcName.Service);
            span.SetTag("rpc.method", rpc.Method);
            span.SetTag("server.address", target);
            span.SetTag("hourglass.rpc.attempt", attempt);
        }
        return span;
    }

    /// <summary>Counts an attempt made again after a transient failure of kind <paramref name="errorType"/>.</summary>
    public void Retried(RpcName rpc, string errorType)
    {
        if (!_retries.Enabled) return;
        _retries.Add(1, new KeyValuePair<string, object?>("rpc.method", rpc.Method), new KeyValuePair<string, object?>("error.type", errorType));
    }

    // ---- observation ----

    private static IEnumerable<Measurement<long>> ByBackend(long[] counts)
    {
        // The actor backend is a sender's own actor: nothing of it is held here.
        yield return new Measurement<long>(Volatile.Read(ref counts[0]), new KeyValuePair<string, object?>(HourglassTelemetry.BackendTag, Backends[0]));
        yield return new Measurement<long>(Volatile.Read(ref counts[1]), new KeyValuePair<string, object?>(HourglassTelemetry.BackendTag, Backends[1]));
    }

    private long ObserveQueries()
    {
        long total = 0;
        foreach (var counter in _queryCounters.Values) total += counter.Count;
        return total;
    }

    private IEnumerable<Measurement<int>> ObserveConnections()
    {
        foreach (var (connector, address) in _connectors)
            yield return new Measurement<int>(TemporalReachability.Of(connector).Connected ? 1 : 0, address);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Meter.Dispose();
        Source.Dispose();
    }

    /// <summary>Makes a system's instruments and disposes them when it terminates.</summary>
    private sealed class Provider : ExtensionIdProvider<HourglassInstruments>
    {
        public override HourglassInstruments CreateExtension(ExtendedActorSystem system)
        {
            var instruments = new HourglassInstruments(system);
            system.RegisterOnTermination(instruments.Dispose);
            return instruments;
        }
    }
}
