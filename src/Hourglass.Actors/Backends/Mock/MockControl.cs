using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

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
}
