using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>Plays the worker: the workflow fails.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Failure">The workflow's failure.</param>
public sealed record FailWorkflow(WorkflowHandle Handle, Failure Failure) : MockControl(Handle)
{
    /// <summary>Fails with an application failure of the given message and type.</summary>
    public FailWorkflow(WorkflowHandle handle, string message, string errorType = "Error")
        : this(handle, MockFailures.Application(message, errorType))
    {
    }

    internal override void Validate(ref Validator v)
    {
        if (Failure is null) v.Fail(nameof(Failure), "is required");
    }

    internal override async ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) =>
        this with { Failure = (await EncodedAsync(codec, Failure).ConfigureAwait(false))! };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution) =>
        temporal.FailWorkflow(@namespace, execution, Failure);
}
