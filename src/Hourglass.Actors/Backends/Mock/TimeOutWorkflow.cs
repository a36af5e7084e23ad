using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>Plays the server's timer: the workflow times out.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
public sealed record TimeOutWorkflow(WorkflowHandle Handle) : MockControl(Handle)
{
    internal override void Validate(ref Validator v)
    {
    }

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution) =>
        temporal.TimeOutWorkflow(@namespace, execution);
}
