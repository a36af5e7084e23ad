using System.Reflection;

namespace Hourglass.Telemetry;

/// <summary>
/// The names under which Hourglass reports what it does: one <see cref="System.Diagnostics.Metrics.Meter"/>
/// and one <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>, their
/// instruments, span names and tags. Export them with OpenTelemetry by these names:
/// <c>.WithMetrics(m =&gt; m.AddMeter(HourglassTelemetry.Name))</c> and
/// <c>.WithTracing(t =&gt; t.AddSource(HourglassTelemetry.Name))</c>; nothing is measured or
/// traced while nobody listens.
/// </summary>
/// <remarks>
/// Each ActorSystem that runs Hourglass has its own meter and source of this name (the meter's
/// <see cref="System.Diagnostics.Metrics.Meter.Scope"/> is the ActorSystem), so a test listening to
/// one system does not see another's measurements; listeners that go by name, as OpenTelemetry's
/// do, see them all.
/// </remarks>
public static class HourglassTelemetry
{
    /// <summary>The name of Hourglass's meter and of its activity source: <c>Hourglass</c>.</summary>
    public const string Name = "Hourglass";

    /// <summary>The version the meter and the source report: the library's informational version.</summary>
    public static string Version { get; } =
        typeof(HourglassTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HourglassTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Counter of operations answered, by operation, backend and outcome (<c>{operation}</c>).</summary>
    public const string Operations = "hourglass.operations";

    /// <summary>Histogram of the time from an operation's receipt to its answer, by operation, backend and outcome (seconds).</summary>
    public const string OperationDuration = "hourglass.operation.duration";

    /// <summary>Backend operations held for a reply from Temporal (history long polls apart), by backend.</summary>
    public const string OperationsInFlight = "hourglass.operations.in_flight";

    /// <summary>History long polls a backend holds for a reply from Temporal, by backend.</summary>
    public const string LongPollsInFlight = "hourglass.long_polls.in_flight";

    /// <summary>Status, await and watch queries in flight (what <c>hourglass.max-queries</c> bounds).</summary>
    public const string QueriesInFlight = "hourglass.queries.in_flight";

    /// <summary>Awaits waiting for their workflow to close.</summary>
    public const string AwaitsPending = "hourglass.awaits.pending";

    /// <summary>Watches receiving their workflow's events.</summary>
    public const string WatchesActive = "hourglass.watches.active";

    /// <summary>1 while the real backend's last call reached Temporal, 0 after one that could not; by <c>server.address</c>.</summary>
    public const string TemporalConnected = "hourglass.temporal.connected";

    /// <summary>Counter of RPC attempts the real backend made again after a transient failure, by <c>rpc.method</c> and <c>error.type</c>.</summary>
    public const string RpcRetries = "hourglass.rpc.retries";

    /// <summary>Tag: the operation's name, its request type's (<c>StartWorkflow</c>, <c>AwaitWorkflow</c>, …).</summary>
    public const string OperationTag = "hourglass.operation";

    /// <summary>Tag: the backend that served it: <c>real</c>, <c>mock</c> or <c>actor</c> (a sender's own backend actor).</summary>
    public const string BackendTag = "hourglass.backend";

    /// <summary>Tag: <c>ok</c>, or the <see cref="Protocol.ErrorKind"/> it failed with (<c>NotFound</c>, <c>Unreachable</c>, …).</summary>
    public const string OutcomeTag = "hourglass.outcome";

    /// <summary>The outcome of an operation answered with its success reply.</summary>
    public const string Ok = "ok";

    /// <summary>
    /// The Temporal header that carries the W3C trace context, as Temporal's own OpenTelemetry
    /// interceptors carry it (<c>Temporalio.Extensions.OpenTelemetry</c>'s <c>TracingInterceptor</c>):
    /// a JSON payload of the default converter holding <c>traceparent</c> (and <c>tracestate</c>).
    /// </summary>
    public const string TraceHeader = "_tracer-data";

    /// <summary>The span tag that names the workflow id, the one Temporal's tracing interceptor uses, so one search finds both.</summary>
    public const string WorkflowIdTag = "temporalWorkflowID";

    /// <summary>The span tag that names the Temporal namespace of the call.</summary>
    public const string NamespaceTag = "temporal.namespace";

    /// <summary>The span name of an operation: <c>hourglass StartWorkflow</c>.</summary>
    public static string SpanName(string operation) => "hourglass " + operation;
}
