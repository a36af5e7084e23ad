using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Hourglass.Protocol;

/// <summary>
/// Reply to <see cref="UpdateWorkflow"/>: the stage the update reached and, once it is completed, its
/// outcome — the result, or the failure of an update that was rejected by the worker's validator or
/// failed in its handler.
/// </summary>
/// <param name="Handle">The execution, with the run id the update went to.</param>
/// <param name="UpdateId">The update's id.</param>
/// <param name="Stage">Accepted (the outcome is not known yet) or Completed.</param>
/// <param name="Result">The update's result payloads when it completed successfully; null otherwise.</param>
/// <param name="Failure">The failure when it was rejected or failed; null otherwise.</param>
public sealed record WorkflowUpdated(
    WorkflowHandle Handle,
    string UpdateId,
    UpdateWorkflowExecutionLifecycleStage Stage,
    IReadOnlyList<Payload>? Result,
    Failure? Failure = null) : IHourglassReply
{
    /// <summary>True when the update completed with a result (not rejected, not failed).</summary>
    public bool Succeeded => Stage == UpdateWorkflowExecutionLifecycleStage.Completed && Failure is null;

    /// <summary>Decodes the first result payload; throws when the update has no result (not completed, rejected or failed).</summary>
    public T ResultAs<T>() =>
        Failure is not null ? throw new InvalidOperationException($"update {UpdateId} of {Handle} failed: {Failure.Message}")
        : Result is { Count: > 0 } ? Result[0].ToValue<T>()
        : Stage != UpdateWorkflowExecutionLifecycleStage.Completed ? throw new InvalidOperationException($"update {UpdateId} of {Handle} is {Stage}, not completed")
        : default!;
}
