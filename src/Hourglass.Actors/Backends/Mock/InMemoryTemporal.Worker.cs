using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The worker's part, played by a test: each decision comes in a workflow task (scheduled, started,
/// completed) whose completed event the decision's event names, as the server writes them
/// (<c>service/history/api/respondworkflowtaskcompleted</c>).
/// </summary>
public sealed partial class InMemoryTemporal
{
    private const string WorkerIdentity = "hourglass-inmemory-worker";

    /// <summary>Plays the worker: the run completes with <paramref name="result"/>. Returns the run closed.</summary>
    public WorkflowExecution CompleteWorkflow(string @namespace, WorkflowExecution execution, Payloads? result)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            var completed = CompleteWorkflowTask(run);
            Close(run, EventType.WorkflowExecutionCompleted, WorkflowExecutionStatus.Completed, e =>
                e.WorkflowExecutionCompletedEventAttributes = new() { Result = result?.Clone(), WorkflowTaskCompletedEventId = completed });
            return run.Execution();
        }
    }

    /// <summary>
    /// Plays the worker: the run fails with <paramref name="failure"/>. As on a server, a run with a
    /// retry policy that allows another attempt is retried: the Failed event has retry state
    /// IN_PROGRESS and the new run's id, and the new run (attempt + 1) waits out the retry backoff
    /// before its first workflow task. Otherwise the retry state says why not (RETRY_POLICY_NOT_SET,
    /// NON_RETRYABLE_FAILURE, MAXIMUM_ATTEMPTS_REACHED, TIMEOUT). Returns the run closed.
    /// </summary>
    public WorkflowExecution FailWorkflow(string @namespace, WorkflowExecution execution, Failure failure)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            var completed = CompleteWorkflowTask(run);
            var (backoff, retryState) = RetryBackoff(run, failure);
            var newRunId = backoff is null ? "" : Guid.NewGuid().ToString();
            Close(run, EventType.WorkflowExecutionFailed, WorkflowExecutionStatus.Failed, e =>
                e.WorkflowExecutionFailedEventAttributes = new()
                {
                    Failure = failure.Clone(),
                    RetryState = retryState,
                    WorkflowTaskCompletedEventId = completed,
                    NewExecutionRunId = newRunId,
                });
            if (backoff is { } interval) StartRetry(run, newRunId, failure, interval);
            return run.Execution();
        }
    }

    /// <summary>
    /// Plays the worker honouring a cancellation: a workflow task completes with the
    /// CANCEL_WORKFLOW_EXECUTION command and the run closes as Canceled with
    /// <paramref name="details"/> (<c>workflow_task_completed_handler.go</c>
    /// <c>handleCommandCancelWorkflow</c>). As on a server, the command does not need a cancel
    /// request before it. Returns the run closed.
    /// </summary>
    public WorkflowExecution HonourCancel(string @namespace, WorkflowExecution execution, Payloads? details)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            var completed = CompleteWorkflowTask(run);
            Close(run, EventType.WorkflowExecutionCanceled, WorkflowExecutionStatus.Canceled, e =>
                e.WorkflowExecutionCanceledEventAttributes = new() { Details = details?.Clone(), WorkflowTaskCompletedEventId = completed });
            return run.Execution();
        }
    }

    /// <summary>
    /// Plays the server's execution timeout timer now: the run times out with retry state TIMEOUT
    /// and no new run. (The timers themselves fire on the engine's clock.) Returns the run closed.
    /// </summary>
    public WorkflowExecution TimeOutWorkflow(string @namespace, WorkflowExecution execution)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            TimeOut(run, RetryState.Timeout, "");
            return run.Execution();
        }
    }

    /// <summary>
    /// Plays the worker: the run continues as new with <paramref name="input"/>. The new run keeps
    /// the type, task queue, timeouts, retry policy, memo and search attributes and the execution's
    /// expiration; its first workflow task waits, as on a server, until at least
    /// <see cref="MinimumRunInterval"/> has passed since the old run's execution time. Returns the
    /// new run, which is open.
    /// </summary>
    public WorkflowExecution ContinueAsNew(string @namespace, WorkflowExecution execution, Payloads? input)
    {
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            var completed = CompleteWorkflowTask(run);
            var next = run.Start.Clone();
            next.Input = input?.Clone();
            next.RequestId = Guid.NewGuid().ToString();
            // The first run's start delay is not the new run's (its backoff is the command's, none here).
            next.WorkflowStartDelay = null;
            var successorId = Guid.NewGuid().ToString();
            Close(run, EventType.WorkflowExecutionContinuedAsNew, WorkflowExecutionStatus.ContinuedAsNew, e =>
                e.WorkflowExecutionContinuedAsNewEventAttributes = new()
                {
                    NewExecutionRunId = successorId,
                    WorkflowType = run.Start.WorkflowType.Clone(),
                    TaskQueue = run.Start.TaskQueue.Clone(),
                    Input = input?.Clone(),
                    WorkflowRunTimeout = run.Start.WorkflowRunTimeout?.Clone(),
                    WorkflowTaskTimeout = run.Start.WorkflowTaskTimeout?.Clone(),
                    WorkflowTaskCompletedEventId = completed,
                    Initiator = ContinueAsNewInitiator.Workflow,
                    Memo = run.Start.Memo?.Clone(),
                    SearchAttributes = run.Start.SearchAttributes?.Clone(),
                });
            var successor = CreateRun(next, successorId, new RunOrigin(run.FirstRunId, run.RunId, ContinueAsNewInitiator.Workflow,
                Attempt: 1, run.ExecutionExpirationTime, MinimumBackoff(run, TimeSpan.Zero)));
            ScheduleFirstWorkflowTask(successor);
            AddRun(successor);
            return successor.Execution();
        }
    }

    // The first workflow task, unless a backoff (start delay, retry, the minimum run interval) defers it
    // (workflow_task_state_machine.go GenerateFirstWorkflowTask): then its timer schedules it (StartTimers).
    private void ScheduleFirstWorkflowTask(Run run)
    {
        if (!run.PendingOnStartDelay) ScheduleWorkflowTask(run);
    }

    // update_workflow_util.go: what asks for a workflow task gets one only when none is scheduled or started.
    private void ScheduleWorkflowTaskIfNone(Run run)
    {
        if (run.IsOpen && run.WorkflowTaskScheduled is null) ScheduleWorkflowTask(run);
    }

    private long ScheduleWorkflowTask(Run run, Timestamp? at = null)
    {
        at ??= Now();
        run.HadWorkflowTask = true;
        var scheduled = Append(run, EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = run.Start.TaskQueue.Clone(),
            StartToCloseTimeout = run.Start.WorkflowTaskTimeout?.Clone(),
            Attempt = 1,
        }, at);
        run.WorkflowTaskScheduled = scheduled;
        run.WorkflowTaskScheduledTime = at;
        return scheduled;
    }

    // A worker's workflow task precedes every decision it makes (completing, failing, continuing,
    // scheduling an activity): the started event (the worker's poll, a transaction of its own) and the
    // completed event (its answer); returns the completed event's id. With no task pending, one is
    // scheduled first, as if something had woken the workflow.
    private long CompleteWorkflowTask(Run run)
    {
        if (run.WorkflowTaskScheduled is not { } scheduled)
        {
            scheduled = ScheduleWorkflowTask(run);
            NewTransaction();
        }
        var started = Append(run, EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = WorkerIdentity,
            RequestId = Guid.NewGuid().ToString(),
            HistorySizeBytes = run.HistorySizeBytes,
        });
        run.WorkflowTaskScheduled = null;
        run.WorkflowTaskScheduledTime = null;
        NewTransaction();
        run.CompletedAnyWorkflowTask = true;
        return Append(run, EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = WorkerIdentity,
        });
    }
}
