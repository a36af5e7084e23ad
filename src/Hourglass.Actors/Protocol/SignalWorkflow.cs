using Temporalio.Api.Common.V1;

namespace Hourglass.Protocol;

/// <summary>Sends a signal to a workflow execution. Answered with <see cref="WorkflowSignaled"/>.</summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
/// <param name="SignalName">The signal name the workflow listens for.</param>
/// <param name="Args">The signal input as Temporal payloads.</param>
public sealed record SignalWorkflow(WorkflowHandle Handle, string SignalName, IReadOnlyList<Payload> Args)
    : IBackendOperation<WorkflowSignaled>
{
    /// <summary>Signals with plain .NET values, encoded as payloads.</summary>
    public SignalWorkflow(WorkflowHandle handle, string signalName, params object?[] args)
        : this(handle, signalName, HourglassPayload.FromValues(args))
    {
    }

    /// <summary>Idempotency key, made when the message is built; a retry must reuse it.</summary>
    public string RequestId { get; init; } = RequestIds.New();
}
