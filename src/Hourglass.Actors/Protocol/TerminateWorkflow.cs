using Temporalio.Api.Common.V1;

namespace Hourglass.Protocol;

/// <summary>
/// Terminates a workflow execution at once, without the workflow's say (unlike
/// <see cref="CancelWorkflow"/>): the server closes the run as Terminated, recording the reason, the
/// details and the identity in its WorkflowExecutionTerminated event. Answered with
/// <see cref="WorkflowTerminated"/>, or <see cref="OperationFailed"/> with
/// <see cref="ErrorKind.NotFound"/> when the run is missing or already closed. The server does not
/// deduplicate terminations: a retry after success finds the run closed.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
/// <param name="Reason">Why; empty lets the server record its default ("terminated by user via frontend").</param>
public sealed record TerminateWorkflow(WorkflowHandle Handle, string Reason = "") : IBackendOperation<WorkflowTerminated>
{
    /// <summary>Terminates with plain .NET values as the details, encoded as payloads.</summary>
    public TerminateWorkflow(WorkflowHandle handle, string reason, params object?[] details)
        : this(handle, reason)
    {
        Details = HourglassPayload.FromValues(details);
    }

    /// <summary>Details recorded with the reason, as Temporal payloads; empty for none.</summary>
    public IReadOnlyList<Payload> Details { get; init; } = [];
}
