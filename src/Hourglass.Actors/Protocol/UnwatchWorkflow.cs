namespace Hourglass.Protocol;

/// <summary>
/// Ends the sender's watches of a workflow (<see cref="WatchWorkflow"/> with the same handle): each
/// gets its <see cref="WorkflowWatchEnded"/> with <c>Unwatched</c> set, then this request is
/// answered with <see cref="WorkflowUnwatched"/>.
/// </summary>
/// <param name="Handle">The handle the watches were made with.</param>
public sealed record UnwatchWorkflow(WorkflowHandle Handle) : IWorkflowQuery<WorkflowUnwatched>;
