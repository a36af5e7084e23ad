namespace Hourglass.Protocol;

/// <summary>
/// A workflow's state decoded from describe (and history, when failures were asked for); the
/// reply to <see cref="GetWorkflowStatus"/>.
/// </summary>
/// <param name="Handle">The execution, with the run id describe reported.</param>
/// <param name="State">Running, or the way it closed.</param>
/// <param name="WorkflowType">The workflow type name.</param>
/// <param name="StartTime">When the run started.</param>
/// <param name="CloseTime">When the run closed; null while it is open.</param>
/// <param name="PendingActivities">Activities the workflow is waiting on.</param>
/// <param name="RecentFailures">
/// The most recent activity failures in history order, oldest first; null when they were not asked for.
/// </param>
public sealed record WorkflowStatus(
    WorkflowHandle Handle,
    WorkflowState State,
    string WorkflowType,
    DateTimeOffset? StartTime,
    DateTimeOffset? CloseTime,
    IReadOnlyList<PendingActivity> PendingActivities,
    IReadOnlyList<ActivityFailureRecord>? RecentFailures) : IHourglassReply
{
    /// <summary>The task queue the workflow runs on.</summary>
    public string TaskQueue { get; init; } = "";

    /// <summary>Number of events in the history when it was described.</summary>
    public long HistoryLength { get; init; }

    /// <summary>
    /// True when a cancellation was requested and the run is still to act on it (or closed another
    /// way): a server keeps a run Running after <see cref="CancelWorkflow"/> until its worker honours
    /// the request. From describe's <c>workflow_extended_info.cancel_requested</c>.
    /// </summary>
    public bool CancelRequested { get; init; }

    /// <summary>True once the run has closed, whatever the way.</summary>
    public bool IsClosed => State is not (WorkflowState.Running or WorkflowState.Unknown);
}
