using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The server's timers, on the engine's <see cref="TimeProvider"/> (<c>CreateTimer</c>, so they hold
/// no thread and a fake clock fires them): a start delay's (or retry's) first workflow task, the
/// run timeout and, for the later runs of a chain, the execution timeout
/// (<c>service/history/workflow/task_generator.go</c>, <c>timer_queue_active_task_executor.go</c>).
/// A run's timers stop when it closes. Also the timeouts and retry policy as the server stores them.
/// </summary>
public sealed partial class InMemoryTemporal
{
    // The server's defaults and caps for the workflow task timeout (history.defaultWorkflowTaskTimeout,
    // maxWorkflowTaskStartToCloseTimeout in service/history/api/create_workflow_util.go).
    private static readonly TimeSpan DefaultWorkflowTaskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWorkflowTaskTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The least time from one run's execution time to the first workflow task of the next run of
    /// its chain (continue-as-new, retry): a shorter backoff is lengthened to it, as a server does
    /// to keep a chain from spinning (<c>history.workflowIdReuseMinimalInterval</c>, 1 s).
    /// </summary>
    public TimeSpan MinimumRunInterval { get; set; } = TimeSpan.FromSeconds(1);

    // The timers running, for tests: each belongs to an open run (Close stops a run's timers).
    internal int RunningTimers
    {
        get
        {
            using (Enter()) return _workflows.Values.Sum(runs => runs.Sum(r => r.Timers.Count));
        }
    }

    // OverrideStartWorkflowExecutionRequest (create_workflow_util.go): the execution timeout as sent;
    // the run timeout defaulted to, or capped at, the execution timeout; the task timeout defaulted to
    // 10 s, capped at 120 s and at the run timeout. A value is written only when it changes, so an unset
    // execution or run timeout stays absent.
    private static void StoreTimeouts(StartWorkflowExecutionRequest start)
    {
        var execution = start.WorkflowExecutionTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var runTimeout = start.WorkflowRunTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var storedRun = execution == TimeSpan.Zero ? runTimeout
            : runTimeout == TimeSpan.Zero ? execution
            : Min(runTimeout, execution);
        if (storedRun != runTimeout) start.WorkflowRunTimeout = Duration.FromTimeSpan(storedRun);

        var task = start.WorkflowTaskTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        var storedTask = Min(task == TimeSpan.Zero ? DefaultWorkflowTaskTimeout : task, MaxWorkflowTaskTimeout);
        if (storedRun > TimeSpan.Zero) storedTask = Min(storedTask, storedRun);
        if (storedTask != task) start.WorkflowTaskTimeout = Duration.FromTimeSpan(storedTask);
    }

    // retrypolicy.EnsureDefaults with history.defaultWorkflowRetryPolicy: the fields a set policy leaves out.
    private static void DefaultRetryPolicy(RetryPolicy policy)
    {
        if (policy.InitialInterval is null || policy.InitialInterval.ToTimeSpan() == TimeSpan.Zero)
            policy.InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(1));
        if (policy.MaximumInterval is null || policy.MaximumInterval.ToTimeSpan() == TimeSpan.Zero)
            policy.MaximumInterval = Duration.FromTimeSpan(policy.InitialInterval.ToTimeSpan() * 100);
        if (policy.BackoffCoefficient == 0) policy.BackoffCoefficient = 2.0;
    }

    // The start time plus the execution timeout, rounded to the millisecond (common/util.go); none without one.
    private static Timestamp? ExecutionExpiration(Timestamp now, Duration? executionTimeout)
    {
        var timeout = executionTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (timeout <= TimeSpan.Zero) return null;
        var deadline = now.ToDateTimeOffset() + timeout;
        var ticks = (deadline.UtcTicks + TimeSpan.TicksPerMillisecond / 2) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        return Timestamp.FromDateTimeOffset(new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    // mutable_state_impl.go: start + run timeout + first task backoff, capped at the execution's expiration;
    // none without a run timeout.
    private static Timestamp? RunExpiration(Run run, TimeSpan backoff)
    {
        var timeout = run.Start.WorkflowRunTimeout?.ToTimeSpan() ?? TimeSpan.Zero;
        if (timeout <= TimeSpan.Zero) return null;
        var expiry = run.StartTime.ToDateTimeOffset() + timeout + backoff;
        if (run.ExecutionExpirationTime is { } execution && expiry > execution.ToDateTimeOffset()) expiry = execution.ToDateTimeOffset();
        return Timestamp.FromDateTimeOffset(expiry);
    }

    // Under _gate, as the run is created: its timer tasks (task_generator.go). The execution timeout
    // has a task of its own only on the later runs of a chain; on the first, the run timeout (defaulted
    // from it) covers it.
    private void StartTimers(Run run, bool continued)
    {
        if (run.PendingOnStartDelay) After(run, run.ExecutionTime, FireFirstWorkflowTask);
        if (run.RunExpirationTime is { } runExpiry) After(run, runExpiry, FireRunTimeout);
        if (continued && run.ExecutionExpirationTime is { } executionExpiry) After(run, executionExpiry, FireExecutionTimeout);
    }

    // A timer on the engine's clock that runs fire(run) under the lock, as one transaction, if the run is
    // still open then. Never due at once (a fake clock would fire it inside this call): at least a tick.
    private void After(Run run, Timestamp at, Action<Run> fire)
    {
        var due = at.ToDateTimeOffset() - _clock.GetUtcNow();
        if (due <= TimeSpan.Zero) due = TimeSpan.FromTicks(1);
        ITimer? timer = null;
        timer = _clock.CreateTimer(_ =>
        {
            using (Enter())
            {
                if (timer is not null && run.Timers.Remove(timer)) timer.Dispose();
                if (run.IsOpen) fire(run);
            }
        }, null, due, Timeout.InfiniteTimeSpan);
        run.Timers.Add(timer);
    }

    // The delay (start delay, retry backoff, minimum run interval) ran out: the first workflow task, timed
    // when the delay ended; none when something scheduled one already (HadOrHasWorkflowTask).
    private void FireFirstWorkflowTask(Run run)
    {
        if (!run.HadWorkflowTask) ScheduleWorkflowTask(run, run.ExecutionTime);
    }

    // executeWorkflowRunTimeoutTask: TimedOut; while the execution has not expired, retried as the
    // retry policy allows (retry state RETRY_POLICY_NOT_SET without one), else TIMEOUT.
    private void FireRunTimeout(Run run)
    {
        var timeout = new Failure
        {
            Message = "workflow timeout",
            Source = "Server",
            TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = TimeoutType.StartToClose },
        };
        TimeSpan? backoff = null;
        var retryState = RetryState.Timeout;
        if (!ExecutionExpired(run)) (backoff, retryState) = RetryBackoff(run, timeout);
        var newRunId = backoff is null ? "" : Guid.NewGuid().ToString();
        TimeOut(run, retryState, newRunId);
        if (backoff is { } interval) StartRetry(run, newRunId, timeout, interval);
    }

    // executeWorkflowExecutionTimeoutTask: TimedOut with TIMEOUT, no new run.
    private void FireExecutionTimeout(Run run) => TimeOut(run, RetryState.Timeout, "");

    // The execution timeout has passed (within the millisecond its expiration was rounded to).
    private bool ExecutionExpired(Run run) =>
        run.ExecutionExpirationTime is { } expiry
        && expiry.ToDateTimeOffset() <= _clock.GetUtcNow() + TimeSpan.FromMilliseconds(1);

    // workflow.TimeoutWorkflow: the TimedOut event (event_factory.go CreateTimeoutWorkflowEvent).
    private void TimeOut(Run run, RetryState retryState, string newRunId) =>
        Close(run, EventType.WorkflowExecutionTimedOut, WorkflowExecutionStatus.TimedOut, e =>
            e.WorkflowExecutionTimedOutEventAttributes = new() { RetryState = retryState, NewExecutionRunId = newRunId });

    // GetRetryBackoffDuration / getBackoffInterval (service/history/workflow/retry.go): the backoff before
    // the next attempt, or null and the retry state that says why there is none.
    private (TimeSpan? Backoff, RetryState State) RetryBackoff(Run run, Failure failure)
    {
        if (run.Start.RetryPolicy is not { } policy) return (null, RetryState.RetryPolicyNotSet);
        if (!IsRetryable(failure, policy.NonRetryableErrorTypes)) return (null, RetryState.NonRetryableFailure);
        if (policy.MaximumAttempts > 0 && run.Attempt >= policy.MaximumAttempts) return (null, RetryState.MaximumAttemptsReached);

        TimeSpan interval;
        if (failure.ApplicationFailureInfo?.NextRetryDelay is { } requested)
        {
            interval = requested.ToTimeSpan();
        }
        else
        {
            var nanos = (policy.InitialInterval?.ToTimeSpan() ?? TimeSpan.Zero).Ticks * 100.0 * Math.Pow(policy.BackoffCoefficient, run.Attempt - 1);
            interval = nanos >= TimeSpan.MaxValue.Ticks * 100.0 ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Max(0, nanos / 100));
        }
        var maximum = policy.MaximumInterval?.ToTimeSpan() ?? TimeSpan.Zero;
        if (maximum == TimeSpan.Zero && interval <= TimeSpan.Zero) return (null, RetryState.Timeout);
        if (maximum != TimeSpan.Zero && (interval <= TimeSpan.Zero || interval > maximum)) interval = maximum;
        if (run.ExecutionExpirationTime is { } expiry && _clock.GetUtcNow() + interval > expiry.ToDateTimeOffset())
            return (null, RetryState.Timeout);
        return (interval, RetryState.InProgress);
    }

    // retrypolicy.IsRetryableFailure: terminations, cancellations and timeouts other than start-to-close
    // or heartbeat are not; nor a non-retryable application failure or one of the policy's types.
    private static bool IsRetryable(Failure failure, IEnumerable<string> nonRetryableTypes)
    {
        if (failure.TerminatedFailureInfo is not null || failure.CanceledFailureInfo is not null) return false;
        if (failure.TimeoutFailureInfo is { } timeout)
        {
            return timeout.TimeoutType is TimeoutType.StartToClose or TimeoutType.Heartbeat
                && !nonRetryableTypes.Contains("TemporalTimeout:" + TimeoutTypeName(timeout.TimeoutType));
        }
        if (failure.ServerFailureInfo is { } server) return !server.NonRetryable;
        if (failure.ApplicationFailureInfo is { } application)
            return !application.NonRetryable && !nonRetryableTypes.Contains(application.Type);
        return true;
    }

    // The type's name in a retry policy's non-retryable types: "TemporalTimeout:StartToClose" (retry_policy.go).
    private static string TimeoutTypeName(TimeoutType type) =>
        type == TimeoutType.StartToClose ? "StartToClose" : "Heartbeat";

    // SetupNewWorkflowForRetryOrCron (retry.go): the next attempt, in the same transaction, with the
    // failure that ended the last one, the execution's expiration carried over and the backoff
    // (at least the minimum run interval) before its first workflow task.
    private void StartRetry(Run run, string newRunId, Failure failure, TimeSpan backoff)
    {
        var next = run.Start.Clone();
        next.RequestId = Guid.NewGuid().ToString();
        next.WorkflowStartDelay = null;
        var retry = CreateRun(next, newRunId, new RunOrigin(run.FirstRunId, run.RunId, ContinueAsNewInitiator.Retry,
            run.Attempt + 1, run.ExecutionExpirationTime, MinimumBackoff(run, backoff), ContinuedFailure: failure));
        ScheduleFirstWorkflowTask(retry);
        AddRun(retry);
    }

    // ContinueAsNewMinBackoff (mutable_state_impl.go): a next run's first task comes at least
    // MinimumRunInterval after this run's execution time.
    private TimeSpan MinimumBackoff(Run run, TimeSpan backoff)
    {
        var lifetime = _clock.GetUtcNow() - run.ExecutionTime.ToDateTimeOffset();
        return lifetime + backoff < MinimumRunInterval ? MinimumRunInterval - lifetime : backoff;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
