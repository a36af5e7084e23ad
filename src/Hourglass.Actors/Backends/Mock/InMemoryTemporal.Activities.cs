using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Workflow.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Activities, as the server writes them: scheduled by a workflow task's completion
/// (ActivityTaskScheduled names the WorkflowTaskCompleted event), started only in history when
/// they end (the server keeps a retried activity's start out of history), failed for good with
/// ActivityTaskStarted and ActivityTaskFailed, after which the workflow gets a workflow task.
/// </summary>
public sealed partial class InMemoryTemporal
{
    /// <summary>
    /// Plays the worker: an activity attempt failed for good. The history gets what a server writes
    /// (<c>respondactivitytaskfailed/api.go</c>, <c>mutable_state_impl.go</c>
    /// <c>addStartedEventForTransientActivity</c>): an activity of that type already pending (see
    /// <see cref="SetPendingActivity"/>) gets ActivityTaskStarted (with <paramref name="attempt"/>) and
    /// ActivityTaskFailed; otherwise the workflow task that schedules it comes first
    /// (WorkflowTaskScheduled if none is pending, WorkflowTaskStarted, WorkflowTaskCompleted,
    /// ActivityTaskScheduled). Then, as the failure asks for one, a WorkflowTaskScheduled. The
    /// activity leaves the pending list. Returns the activity id.
    /// </summary>
    public string RecordActivityFailure(string @namespace, WorkflowExecution execution, string activityType, int attempt, Failure failure)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            var pending = run.PendingActivities.FirstOrDefault(p => p.ActivityType.Name == activityType);
            string activityId;
            long scheduled;
            if (pending is not null && run.ActivityScheduledEvents.TryGetValue(pending.ActivityId, out var pendingScheduled))
            {
                activityId = pending.ActivityId;
                scheduled = pendingScheduled;
                run.RemovePending(pending);
                run.ActivityScheduledEvents.Remove(activityId);
            }
            else
            {
                activityId = NextActivityId(run);
                scheduled = ScheduleActivity(run, activityId, activityType);
                // The attempts ran after the workflow task that scheduled the activity.
                NewTransaction();
            }

            var started = Append(run, EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new()
            {
                ScheduledEventId = scheduled,
                Attempt = attempt,
                Identity = WorkerIdentity,
                RequestId = Guid.NewGuid().ToString(),
            });
            Append(run, EventType.ActivityTaskFailed, e => e.ActivityTaskFailedEventAttributes = new()
            {
                Failure = failure.Clone(),
                ScheduledEventId = scheduled,
                StartedEventId = started,
                Identity = WorkerIdentity,
                RetryState = failure.ApplicationFailureInfo is { NonRetryable: true }
                    ? RetryState.NonRetryableFailure
                    : RetryState.MaximumAttemptsReached,
            });
            ScheduleWorkflowTaskIfNone(run);
            return activityId;
        }
    }

    /// <summary>
    /// Sets an activity the run is waiting on (as describe reports it), replacing the one of the
    /// same type. A new one is scheduled as a server schedules it: a workflow task completes and
    /// writes ActivityTaskScheduled; a replaced one (another attempt) writes no event, as a retry
    /// writes none. Returns the activity id.
    /// </summary>
    public string SetPendingActivity(string @namespace, WorkflowExecution execution, string activityType, int attempt, Failure? lastFailure)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            var existing = run.PendingActivities.FirstOrDefault(p => p.ActivityType.Name == activityType);
            var now = Now();
            if (existing is not null)
            {
                existing.Attempt = attempt;
                existing.State = attempt > 1 ? PendingActivityState.Scheduled : PendingActivityState.Started;
                existing.LastFailure = lastFailure?.Clone();
                existing.LastStartedTime = now;
                run.Transition(_transaction);
                return existing.ActivityId;
            }

            var activityId = NextActivityId(run);
            run.ActivityScheduledEvents[activityId] = ScheduleActivity(run, activityId, activityType);
            run.AddPending(new PendingActivityInfo
            {
                ActivityId = activityId,
                ActivityType = new ActivityType { Name = activityType },
                State = attempt > 1 ? PendingActivityState.Scheduled : PendingActivityState.Started,
                Attempt = attempt,
                MaximumAttempts = 0,
                ScheduledTime = now,
                LastStartedTime = now,
                LastFailure = lastFailure?.Clone(),
            });
            return activityId;
        }
    }

    private static string NextActivityId(Run run) => (++run.ActivitySequence).ToString(CultureInfo.InvariantCulture);

    // The workflow task whose completion schedules the activity, then ActivityTaskScheduled naming it
    // (workflow_task_completed_handler.go handleCommandScheduleActivity), with the default retry policy
    // a nil one gets (command_attr_validator.go). Returns the scheduled event's id.
    private long ScheduleActivity(Run run, string activityId, string activityType)
    {
        var completed = CompleteWorkflowTask(run);
        return Append(run, EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new()
        {
            ActivityId = activityId,
            ActivityType = new ActivityType { Name = activityType },
            TaskQueue = run.Start.TaskQueue.Clone(),
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            WorkflowTaskCompletedEventId = completed,
            RetryPolicy = new RetryPolicy
            {
                InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)),
                BackoffCoefficient = 2.0,
                MaximumInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(100)),
                MaximumAttempts = 0,
            },
        });
    }
}
