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

    /// <summary>A protobuf duration, or null for none.</summary>
    public static Duration? ToDuration(TimeSpan? span) => span is { } s ? Duration.FromTimeSpan(s) : null;
}
