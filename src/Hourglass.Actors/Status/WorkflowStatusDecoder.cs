using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Status;

/// <summary>
/// Decodes Temporal's describe and history messages into Hourglass's <see cref="WorkflowStatus"/>.
/// One decoder for every backend: the mock answers with the same messages a server sends.
/// </summary>
public static class WorkflowStatusDecoder
{
    /// <summary>The status from a describe response and, when failures were asked for, the history.</summary>
    /// <param name="requested">The handle asked about; its run id is replaced by the one described.</param>
    /// <param name="describe">The describe response.</param>
    /// <param name="history">The history, or null when failures were not asked for.</param>
    /// <param name="maxFailures">How many of the most recent activity failures to keep.</param>
    public static WorkflowStatus Decode(WorkflowHandle requested, DescribeWorkflowExecutionResponse describe, History? history, int maxFailures)
    {
        var info = describe.WorkflowExecutionInfo
            ?? throw new FormatException("describe response has no workflow_execution_info");
        var runId = info.Execution?.RunId is { Length: > 0 } r ? r : requested.RunId;
        return new WorkflowStatus(
            requested with { RunId = runId },
            StateOf(info.Status),
            info.Type?.Name ?? "",
            Time(info.StartTime),
            Time(info.CloseTime),
            describe.PendingActivities.Select(p => new PendingActivity(
                p.ActivityId, p.ActivityType?.Name ?? "", p.Attempt, p.LastFailure)
            {
                MaximumAttempts = p.MaximumAttempts,
                LastStartedTime = Time(p.LastStartedTime),
            }).ToArray(),
            history is null ? null : RecentFailures(history, maxFailures))
        {
            TaskQueue = info.TaskQueue,
            HistoryLength = info.HistoryLength,
            CancelRequested = describe.WorkflowExtendedInfo?.CancelRequested ?? false,
        };
    }

    /// <summary>The Hourglass state for a Temporal execution status.</summary>
    public static WorkflowState StateOf(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.Running => WorkflowState.Running,
        WorkflowExecutionStatus.Completed => WorkflowState.Completed,
        WorkflowExecutionStatus.Failed => WorkflowState.Failed,
        WorkflowExecutionStatus.Canceled => WorkflowState.Canceled,
        WorkflowExecutionStatus.Terminated => WorkflowState.Terminated,
        WorkflowExecutionStatus.ContinuedAsNew => WorkflowState.ContinuedAsNew,
        WorkflowExecutionStatus.TimedOut => WorkflowState.TimedOut,
        _ => WorkflowState.Unknown,
    };

    /// <summary>
    /// Activity failures (failed and timed-out attempts) in history order, the last
    /// <paramref name="max"/> of them. Type and id come from the scheduled event, the attempt from
    /// the started event each failure names.
    /// </summary>
    public static IReadOnlyList<ActivityFailureRecord> RecentFailures(History history, int max)
    {
        var byId = history.Events.ToDictionary(e => e.EventId);
        var failures = new List<ActivityFailureRecord>();
        foreach (var e in history.Events)
        {
            var (failure, scheduledId, startedId) = e.AttributesCase switch
            {
                HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes => (
                    e.ActivityTaskFailedEventAttributes.Failure,
                    e.ActivityTaskFailedEventAttributes.ScheduledEventId,
                    e.ActivityTaskFailedEventAttributes.StartedEventId),
                HistoryEvent.AttributesOneofCase.ActivityTaskTimedOutEventAttributes => (
                    e.ActivityTaskTimedOutEventAttributes.Failure,
                    e.ActivityTaskTimedOutEventAttributes.ScheduledEventId,
                    e.ActivityTaskTimedOutEventAttributes.StartedEventId),
                _ => (null, 0L, 0L),
            };
            if (failure is null && scheduledId == 0) continue;

            var scheduled = byId.GetValueOrDefault(scheduledId)?.ActivityTaskScheduledEventAttributes;
            var started = byId.GetValueOrDefault(startedId)?.ActivityTaskStartedEventAttributes;
            failures.Add(new ActivityFailureRecord(
                scheduled?.ActivityId ?? "",
                scheduled?.ActivityType?.Name ?? "",
                started?.Attempt ?? 0,
                failure ?? new Failure { Message = "activity failed without a failure" },
                Time(e.EventTime) ?? DateTimeOffset.MinValue,
                e.EventId));
        }
        return failures.Count > max ? failures.GetRange(failures.Count - max, max) : failures;
    }

    private static DateTimeOffset? Time(Timestamp? timestamp) =>
        timestamp is null || (timestamp.Seconds == 0 && timestamp.Nanos == 0) ? null : timestamp.ToDateTimeOffset();
}
