using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>
/// A test's hand on the in-memory Temporal: it plays the worker (complete, fail, continue a
/// workflow; record activity failures) or the server's timer. Sent to the
/// <see cref="ClientBackendActor"/>, it always reaches the mock backend, whatever the sender's
/// override — unless <c>hourglass.allow-overrides = off</c>, where it is refused PermissionDenied.
/// Answered with <see cref="MockWorkflowUpdated"/> or <see cref="OperationFailed"/> (NotFound for a
/// missing or closed run, InvalidArgument for a bad field).
/// </summary>
/// <param name="Handle">The run to act on; an empty run id means the latest run.</param>
public abstract record MockControl(WorkflowHandle Handle) : IMockMessage
{
    /// <summary>Checks the control's own fields (the handle is checked by the mock).</summary>
    internal abstract void Validate(ref Validator v);

    /// <summary>Acts on the engine; returns the run acted on (for continue-as-new, the new run).</summary>
    internal abstract WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution);

    /// <summary>
    /// The control with its payloads encoded by <paramref name="codec"/>, as a worker with the same
    /// codec would send them, so the in-memory Temporal holds encoded payloads only; this control
    /// is left as it is. A control that carries no payload returns itself.
    /// </summary>
    internal virtual ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) => new(this);

    /// <summary>One payload encoded (null stays null).</summary>
    private protected static async ValueTask<Payload?> EncodedAsync(IPayloadCodec codec, Payload? payload)
    {
        if (payload is null) return null;
        var encoded = await codec.EncodeAsync([payload]).ConfigureAwait(false);
        return encoded.Count == 1
            ? encoded.First()
            : throw new InvalidOperationException($"the payload codec made {encoded.Count} payloads of one result");
    }

    /// <summary>A list of payloads encoded.</summary>
    private protected static async ValueTask<IReadOnlyList<Payload>> EncodedAsync(IPayloadCodec codec, IReadOnlyList<Payload> payloads) =>
        payloads.Count == 0 ? payloads : (await codec.EncodeAsync(payloads.ToArray()).ConfigureAwait(false)).ToArray();

    /// <summary>A copy of a failure with its payloads (details, encoded attributes, causes') encoded; null stays null.</summary>
    private protected static async ValueTask<Failure?> EncodedAsync(IPayloadCodec codec, Failure? failure) =>
        failure is null ? null : await PayloadVisitor.TransformedCopyAsync(failure, codec.EncodeAsync).ConfigureAwait(false);
}
