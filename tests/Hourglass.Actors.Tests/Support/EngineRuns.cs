using Hourglass.Backends.Mock;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Support;

/// <summary>Runs started straight on an in-memory Temporal, as a client's start request would.</summary>
internal static class EngineRuns
{
    /// <summary>
    /// Starts an <c>OrderWorkflow</c> on task queue <c>orders</c> in namespace <c>default</c> with a new
    /// request id (<paramref name="configure"/> changes the request first) and returns the run started.
    /// </summary>
    public static WorkflowExecution Start(InMemoryTemporal temporal, string workflowId, Action<StartWorkflowExecutionRequest>? configure = null)
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            RequestId = Guid.NewGuid().ToString(),
            WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = "orders" },
        };
        configure?.Invoke(request);
        return new WorkflowExecution { WorkflowId = workflowId, RunId = temporal.StartWorkflowExecution(request).RunId };
    }
}
