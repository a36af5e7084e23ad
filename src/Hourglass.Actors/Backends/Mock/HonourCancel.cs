using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker honouring a cancellation: the workflow, asked to cancel (<see cref="CancelWorkflow"/>
/// only records the request and leaves it Running, as a server does), completes a workflow task with
/// the cancel command and closes as Canceled. The history gets WorkflowTaskStarted and
/// WorkflowTaskCompleted, then WorkflowExecutionCanceled with the details and the completed task's id.
/// </summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Details">The details the workflow reports with its cancellation, or null for none.</param>
public sealed record HonourCancel(WorkflowHandle Handle, Payload? Details = null) : MockControl(Handle)
{
    /// <summary>Honours the cancellation with a plain .NET value as the details.</summary>
    public HonourCancel(WorkflowHandle handle, object? details)
        : this(handle, HourglassPayload.From(details))
    {
    }

    internal override void Validate(ref Validator v) => v.OptionalPayload(Details, nameof(Details));

    internal override async ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) =>
        Details is null ? this : this with { Details = await EncodedAsync(codec, Details).ConfigureAwait(false) };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution) =>
        temporal.HonourCancel(@namespace, execution, HourglassPayload.ToPayloads(Details is null ? null : [Details]));
}
