using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Temporal;

/// <summary>
/// Turns Hourglass operations into the WorkflowService requests a Temporal frontend takes. Both
/// backends use it, so the mock sees exactly the requests the real server would.
/// </summary>
/// <remarks>Operations arrive here with defaults already filled in (namespace, task queue).</remarks>
internal static class TemporalRequests
{
    public static StartWorkflowExecutionRequest Start(StartWorkflow op, string identity)
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = op.Namespace ?? "",
            WorkflowId = op.WorkflowId,
            WorkflowType = new WorkflowType { Name = op.WorkflowType },
            TaskQueue = new TaskQueue { Name = op.TaskQueue ?? "", Kind = TaskQueueKind.Normal },
            Input = HourglassPayload.ToPayloads(op.Args),
            WorkflowExecutionTimeout = ToDuration(op.ExecutionTimeout),
            WorkflowRunTimeout = ToDuration(op.RunTimeout),
            WorkflowTaskTimeout = ToDuration(op.TaskTimeout),
            WorkflowStartDelay = ToDuration(op.StartDelay),
            Identity = identity,
            RequestId = op.RequestId,
            WorkflowIdReusePolicy = op.IdReusePolicy ?? WorkflowIdReusePolicy.Unspecified,
            RetryPolicy = op.RetryPolicy?.Clone(),
        };
        if (op.Memo is { Count: > 0 } memo)
        {
            request.Memo = new Memo();
            foreach (var (key, value) in memo) request.Memo.Fields[key] = value;
        }
        return request;
    }

    public static DescribeWorkflowExecutionRequest Describe(WorkflowHandle handle) => new()
    {
        Namespace = handle.Namespace,
        Execution = Execution(handle),
    };

    public static GetWorkflowExecutionHistoryRequest History(WorkflowHandle handle, Google.Protobuf.ByteString? pageToken) => new()
    {
        Namespace = handle.Namespace,
        Execution = Execution(handle),
        WaitNewEvent = false,
        HistoryEventFilterType = HistoryEventFilterType.AllEvent,
        NextPageToken = pageToken ?? Google.Protobuf.ByteString.Empty,
    };

    public static SignalWorkflowExecutionRequest Signal(SignalWorkflow op, string identity) => new()
    {
        Namespace = op.Handle.Namespace,
        WorkflowExecution = Execution(op.Handle),
        SignalName = op.SignalName,
        Input = HourglassPayload.ToPayloads(op.Args),
        Identity = identity,
        RequestId = op.RequestId,
    };

    public static RequestCancelWorkflowExecutionRequest Cancel(CancelWorkflow op, string identity) => new()
    {
        Namespace = op.Handle.Namespace,
        WorkflowExecution = Execution(op.Handle),
        Reason = op.Reason,
        Identity = identity,
        RequestId = op.RequestId,
    };

    public static DescribeNamespaceRequest DescribeNamespace(string name) => new() { Namespace = name };

    public static RegisterNamespaceRequest RegisterNamespace(string name, TimeSpan retention) => new()
    {
        Namespace = name,
        WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(retention),
        Description = "registered by Hourglass EnsureNamespace",
    };

    public static WorkflowExecution Execution(WorkflowHandle handle) => new()
    {
        WorkflowId = handle.WorkflowId,
        RunId = handle.RunId,
    };

    private static Duration? ToDuration(TimeSpan? span) => span is { } s ? Duration.FromTimeSpan(s) : null;
}
