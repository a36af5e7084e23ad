namespace Hourglass.Protocol;

/// <summary>
/// Waits until a workflow closes, polling its status on the backend chosen for the sender.
/// Answered with <see cref="WorkflowClosed"/> for any closed state, or a
/// <see cref="ErrorKind.Timeout"/> error carrying the last status seen.
/// </summary>
/// <param name="Handle">The execution; an empty run id follows the latest run.</param>
/// <param name="Timeout">How long to wait; null means <c>hourglass.await.default-timeout</c>.</param>
/// <param name="PollInterval">Time between polls; null means <c>hourglass.await.default-poll-interval</c>.</param>
public sealed record AwaitWorkflow(WorkflowHandle Handle, TimeSpan? Timeout = null, TimeSpan? PollInterval = null)
    : IWorkflowQuery<WorkflowClosed>;
