using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>Plays the worker: the workflow completes with a result.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Result">The result payload, or null for none.</param>
public sealed record CompleteWorkflow(WorkflowHandle Handle, Payload? Result) : MockControl(Handle)
{
    /// <summary>Completes with a plain .NET value as the result.</summary>
    public CompleteWorkflow(WorkflowHandle handle, object? result)
        : this(handle, HourglassPayload.From(result))
    {
    }

    internal override void Validate(ref Validator v) => v.OptionalPayload(Result, nameof(Result));

    internal override async ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) =>
        Result is null ? this : this with { Result = await EncodedAsync(codec, Result).ConfigureAwait(false) };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution) =>
        temporal.CompleteWorkflow(@namespace, execution, HourglassPayload.ToPayloads(Result is null ? null : [Result]));
}
