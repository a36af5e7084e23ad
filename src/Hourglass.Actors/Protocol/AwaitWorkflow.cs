namespace Hourglass.Protocol;

/// <summary>
/// Waits until a workflow closes, on history long polls (CLOSE_EVENT) of the backend chosen for the
/// sender, shared by every await and watch of the run. Answered with <see cref="WorkflowClosed"/>
/// for any closed state, or a <see cref="ErrorKind.Timeout"/> error carrying the last status.
/// </summary>
/// <param name="Handle">The execution; an empty run id follows the latest run.</param>
/// <param name="Timeout">How long to wait; null means <c>hourglass.await.default-timeout</c>.</param>
/// <param name="PollInterval">
/// The pause before polling again after a poll failed with passing trouble (the long poll itself
/// needs no interval); null means <c>hourglass.await.default-poll-interval</c>.
/// </param>
public sealed record AwaitWorkflow(WorkflowHandle Handle, TimeSpan? Timeout = null, TimeSpan? PollInterval = null)
    : IWorkflowQuery<WorkflowClosed>;
