using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>Plays the worker: the run continues as a new run of the same workflow id.</summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="Args">The new run's input.</param>
public sealed record ContinueAsNew(WorkflowHandle Handle, IReadOnlyList<Payload> Args) : MockControl(Handle)
{
    /// <summary>Continues with plain .NET values as the new input.</summary>
    public ContinueAsNew(WorkflowHandle handle, params object?[] args)
        : this(handle, HourglassPayload.FromValues(args))
    {
    }

    internal override void Validate(ref Validator v) => v.Payloads(Args, nameof(Args));

    internal override async ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) =>
        this with { Args = await EncodedAsync(codec, Args).ConfigureAwait(false) };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution) =>
        temporal.ContinueAsNew(@namespace, execution, HourglassPayload.ToPayloads(Args));
}
