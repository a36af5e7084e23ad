using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Temporal;

/// <summary>Pieces of WorkflowService requests that several operations build the same way.</summary>
internal static class TemporalRequests
{
    /// <summary>The execution a handle names (an empty run id: the latest run).</summary>
    public static WorkflowExecution Execution(WorkflowHandle handle) => new()
    {
        WorkflowId = handle.WorkflowId,
        RunId = handle.RunId,
    };

    /// <summary>
    /// True when <paramref name="failure"/> is the call giving up because <paramref name="deadline"/>
    /// fired: a cancellation, a failure before any answer, or the client's CANCELLED / DEADLINE_EXCEEDED.
    /// </summary>
    public static bool EndedBy(CancellationTokenSource deadline, Exception failure) =>
        deadline.IsCancellationRequested && failure is OperationCanceledException or TemporalCallException
            or Temporalio.Exceptions.RpcException { Code: Temporalio.Exceptions.RpcException.StatusCode.Cancelled or Temporalio.Exceptions.RpcException.StatusCode.DeadlineExceeded };

    /// <summary>A protobuf duration, or null for none.</summary>
    public static Duration? ToDuration(TimeSpan? span) => span is { } s ? Duration.FromTimeSpan(s) : null;
}
