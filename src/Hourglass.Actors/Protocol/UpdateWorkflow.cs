using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Protocol;

/// <summary>
/// Sends an update to a workflow execution and waits until the worker has accepted it, or has
/// finished it (<see cref="WaitStage"/>). Answered with <see cref="WorkflowUpdated"/>: its result, or
/// the failure of an update the worker's validator rejected or its handler failed (as Temporal's SDKs
/// report both, with <c>WorkflowUpdateFailedException</c>). An update that no worker accepts within
/// <c>hourglass.real.update-timeout</c> is <see cref="ErrorKind.Timeout"/>; sending the same message
/// again (same <see cref="UpdateId"/>) picks up the same update.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
/// <param name="UpdateName">The update the workflow defines.</param>
/// <param name="Args">The update's arguments as Temporal payloads.</param>
public sealed record UpdateWorkflow(WorkflowHandle Handle, string UpdateName, IReadOnlyList<Payload> Args)
    : IBackendOperation<WorkflowUpdated>
{
    /// <summary>Updates with plain .NET values as the arguments, encoded as payloads.</summary>
    public UpdateWorkflow(WorkflowHandle handle, string updateName, params object?[] args)
        : this(handle, updateName, HourglassPayload.FromValues(args))
    {
    }

    /// <summary>
    /// The update's id, made when the message is built: the server runs an update once per id, so a
    /// retry — or a second request with the same id, even after the run closed — gets the same outcome.
    /// </summary>
    public string UpdateId { get; init; } = RequestIds.New();

    /// <summary>
    /// What to wait for: <see cref="UpdateWorkflowExecutionLifecycleStage.Completed"/> (the default: the
    /// result or failure) or <see cref="UpdateWorkflowExecutionLifecycleStage.Accepted"/> (the worker's
    /// validator let it through; the outcome too when it is already known).
    /// <see cref="UpdateWorkflowExecutionLifecycleStage.Admitted"/> is refused, as the server refuses it.
    /// </summary>
    public UpdateWorkflowExecutionLifecycleStage WaitStage { get; init; } = UpdateWorkflowExecutionLifecycleStage.Completed;
}
