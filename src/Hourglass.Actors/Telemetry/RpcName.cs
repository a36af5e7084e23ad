using System.Collections.Concurrent;

namespace Hourglass.Telemetry;

/// <summary>
/// A WorkflowService RPC as spans and metrics name it: <c>rpc.method</c> (<c>StartWorkflowExecution</c>)
/// and the span name of OpenTelemetry's RPC conventions, <c>{rpc.service}/{rpc.method}</c>. Made once per method.
/// </summary>
internal sealed class RpcName
{
    /// <summary>The <c>rpc.service</c> of every call: Temporal's WorkflowService.</summary>
    public const string Service = "temporal.api.workflowservice.v1.WorkflowService";

    private static readonly ConcurrentDictionary<string, RpcName> Names = new(StringComparer.Ordinal);

    private RpcName(string method)
    {
        Method = method;
        SpanName = Service + "/" + method;
    }

    /// <summary>The method: <c>StartWorkflowExecution</c>.</summary>
    public string Method { get; }

    /// <summary>The span name: <c>temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution</c>.</summary>
    public string SpanName { get; }

    /// <summary>The name of the RPC a method of <c>ITemporalService</c> makes (its name without <c>Async</c>).</summary>
    public static RpcName Of(string serviceMethod) => Names.GetOrAdd(serviceMethod, static m =>
        new RpcName(m.EndsWith("Async", StringComparison.Ordinal) ? m[..^5] : m));
}
