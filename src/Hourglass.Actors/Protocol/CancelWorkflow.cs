namespace Hourglass.Protocol;

/// <summary>
/// Requests cancellation of a workflow execution. Answered with <see cref="CancelRequested"/>.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
/// <param name="Reason">Why, recorded by the server with the request.</param>
public sealed record CancelWorkflow(WorkflowHandle Handle, string Reason = "") : IBackendOperation<CancelRequested>
{
    /// <summary>Idempotency key, made when the message is built; a retry must reuse it.</summary>
    public string RequestId { get; init; } = RequestIds.New();
}
