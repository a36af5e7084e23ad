using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>
/// A test's hand on the in-memory Temporal: it plays the worker (complete, fail, continue a
/// workflow; record activity failures). Sent to the <see cref="ClientBackendActor"/>, it always
/// reaches the mock backend, whatever the sender's override. Answered with
/// <see cref="MockWorkflowUpdated"/> or <see cref="OperationFailed"/> (NotFound for a missing or closed run).
/// </summary>
public interface IMockControl : IHourglassRequest
{
    /// <summary>The run to act on; an empty run id means the latest run.</summary>
    WorkflowHandle Handle { get; }
}
