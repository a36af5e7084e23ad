using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays an operator on the in-memory Temporal: the workflow is terminated, and the reply is the
/// run it closed. (The operation <see cref="Protocol.TerminateWorkflow"/> does the same through any backend.)
/// </summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Reason">Recorded in the terminated event.</param>
public sealed record TerminateInMock(WorkflowHandle Handle, string Reason = "") : MockControl(Handle)
{
    internal override void Validate(ref Validator v) => v.Text(Reason, nameof(Reason), TemporalLimits.MaxReasonBytes);

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution)
    {
        var closed = temporal.CurrentRun(@namespace, execution);
        temporal.TerminateWorkflowExecution(new() { Namespace = @namespace, WorkflowExecution = closed, Reason = Reason, Identity = MockBackendActor.Identity });
        return closed;
    }
}
