namespace Hourglass.Protocol;

/// <summary>
/// Subscribes the sender to a workflow's history: it receives <see cref="WorkflowEventsAppended"/>
/// as events are written (from <see cref="FromEventId"/> on), and finally
/// <see cref="WorkflowWatchEnded"/> — the request's one reply — when the run closes, when the
/// sender sends <see cref="UnwatchWorkflow"/>, or <see cref="OperationFailed"/> when the history
/// cannot be read. Watches of one run share one long poll; a watch ends with its subscriber's death.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
public sealed record WatchWorkflow(WorkflowHandle Handle) : IWorkflowQuery<WorkflowWatchEnded>
{
    /// <summary>The first event to deliver (1, the default: the whole history, then what follows).</summary>
    public long FromEventId { get; init; } = 1;

    /// <summary>
    /// When the run continues as new (or is retried, or runs again on its cron schedule), go on with
    /// the new run's events instead of ending.
    /// </summary>
    public bool FollowRuns { get; init; }
}
