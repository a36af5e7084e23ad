using Hourglass.Protocol;
using Temporalio.Api.Failure.V1;

namespace Hourglass.Backends.Mock;

/// <summary>Plays the worker: the workflow fails.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Failure">The workflow's failure.</param>
public sealed record FailWorkflow(WorkflowHandle Handle, Failure Failure) : IMockControl
{
    /// <summary>Fails with an application failure of the given message and type.</summary>
    public FailWorkflow(WorkflowHandle handle, string message, string errorType = "Error")
        : this(handle, MockFailures.Application(message, errorType))
    {
    }
}
