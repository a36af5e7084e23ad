using Hourglass.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Tests.Mock;

/// <summary>
/// The in-memory Temporal called as a raw client calls a server, each behaviour as the server's
/// source has it (docs/fake-temporal.md, "Fidelity", cites the files): cancellation, describe,
/// signals, activity failures, start delays and the timeouts and retries on the engine's clock.
/// </summary>
public sealed class InMemoryFidelityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly InMemoryTemporal _temporal;

    public InMemoryFidelityTests() => _temporal = new InMemoryTemporal(["default"], _clock);

    // ---- cancellation ----

    [Fact]
    public void A_cancel_request_records_cause_and_identity_and_leaves_the_run_Running_with_cancel_requested()
    {
        var run = Start("cancel-1");

        Cancel(run, "customer changed their mind", identity: "ops-console");

        var events = History(run);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionCancelRequested],
            Types(events));
        var requested = events[2].WorkflowExecutionCancelRequestedEventAttributes;
        Assert.Equal(("customer changed their mind", "ops-console"), (requested.Cause, requested.Identity));
        var described = Describe(run);
        Assert.Equal(WorkflowExecutionStatus.Running, described.WorkflowExecutionInfo.Status);
        Assert.True(described.WorkflowExtendedInfo.CancelRequested);
    }

    [Fact]
    public void A_cancel_request_schedules_a_workflow_task_only_when_none_is_pending()
    {
        var run = Start("cancel-2");
        // The worker completes the first task (scheduling an activity): no task is pending now.
        _temporal.SetPendingActivity("default", run, "Charge", 1, null);
        var before = History(run).Count;

        Cancel(run, "stop");

        Assert.Equal([EventType.WorkflowExecutionCancelRequested, EventType.WorkflowTaskScheduled], Types(History(run).Skip(before)));
    }

    [Fact]
    public void A_repeated_cancel_is_OK_without_a_second_event_whatever_its_request_id_and_a_closed_run_is_OK_too()
    {
        var run = Start("cancel-3");
        Cancel(run, "first", requestId: "r-1");

        Cancel(run, "second", requestId: "r-2");
        Cancel(run, "first", requestId: "r-1");

        Assert.Single(History(run), e => e.EventType == EventType.WorkflowExecutionCancelRequested);
        _temporal.HonourCancel("default", run, null);
        var closedLength = History(run).Count;
        Cancel(run, "late");
        Assert.Equal(closedLength, History(run).Count);
    }

    [Fact]
    public void A_first_execution_run_id_targets_the_current_run_and_must_match_it()
    {
        var first = Start("cancel-4");
        var second = _temporal.ContinueAsNew("default", first, null);

        // The run id is ignored: the current run (the second) is the one asked to cancel.
        Cancel(first, "by chain", firstExecutionRunId: first.RunId);
        Assert.True(Describe(second).WorkflowExtendedInfo.CancelRequested);

        var e = Assert.Throws<RpcException>(() => Cancel(second, "wrong chain", firstExecutionRunId: Guid.NewGuid().ToString()));
        Assert.Equal((StatusCode.NotFound, "workflow execution not found"), (e.Code, e.Message));
        _temporal.HonourCancel("default", second, null);
        // A closed current run is OK before the first execution run id is looked at.
        Cancel(second, "closed", firstExecutionRunId: Guid.NewGuid().ToString());
    }

    [Fact]
    public void A_cancel_without_an_execution_or_workflow_id_is_InvalidArgument_and_of_an_unknown_one_NotFound()
    {
        var missing = Assert.Throws<RpcException>(() => _temporal.RequestCancelWorkflowExecution(new() { Namespace = "default" }));
        Assert.Equal((StatusCode.InvalidArgument, "Execution is not set on request."), (missing.Code, missing.Message));
        var unknown = Assert.Throws<RpcException>(() => Cancel(new WorkflowExecution { WorkflowId = "nobody" }, "x"));
        Assert.Equal((StatusCode.NotFound, "workflow not found for ID: nobody"), (unknown.Code, unknown.Message));
    }

    [Fact]
    public void Honouring_a_cancellation_writes_the_servers_sequence_and_closes_the_run_as_Canceled()
    {
        var run = Start("cancel-5");
        Cancel(run, "stop");

        _temporal.HonourCancel("default", run, Payloads("refunded"));

        var events = History(run);
        // tests/cancel_workflow_test.go's sequence.
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionCancelRequested,
             EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCanceled],
            Types(events));
        Assert.Equal((2L, 4L), (events[4].WorkflowTaskCompletedEventAttributes.ScheduledEventId, events[4].WorkflowTaskCompletedEventAttributes.StartedEventId));
        var canceled = events[5].WorkflowExecutionCanceledEventAttributes;
        Assert.Equal(5, canceled.WorkflowTaskCompletedEventId);
        Assert.Equal("refunded", canceled.Details.Payloads_[0].Data.ToStringUtf8().Trim('"'));
        Assert.Equal(WorkflowExecutionStatus.Canceled, Describe(run).WorkflowExecutionInfo.Status);
        Assert.Throws<RpcException>(() => _temporal.HonourCancel("default", run, null));
    }

    [Fact]
    public void A_cancel_during_the_start_delay_schedules_the_first_workflow_task_at_once_and_the_delay_adds_none()
    {
        var run = Start("cancel-6", s => s.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)));

        Cancel(run, "never mind");
        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionCancelRequested, EventType.WorkflowTaskScheduled],
            Types(History(run)));
    }

    // ---- namespaces ----

    [Theory]
    [InlineData(null)]
    [InlineData(30)]
    public void Registering_a_namespace_without_a_retention_of_an_hour_is_InvalidArgument(int? minutes)
    {
        var request = new RegisterNamespaceRequest { Namespace = "brief" };
        if (minutes is { } m) request.WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromMinutes(m));

        var e = Assert.Throws<RpcException>(() => _temporal.RegisterNamespace(request));

        Assert.Equal((StatusCode.InvalidArgument, "A valid retention period is not set on request."), (e.Code, e.Message));
        request.WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromHours(1));
        _temporal.RegisterNamespace(request);
        Assert.True(_temporal.HasNamespace("brief"));
    }

    // ---- describe ----

    [Fact]
    public void Describe_of_a_fresh_run_has_the_pending_task_the_extended_info_and_the_stored_timeouts()
    {
        var run = Start("describe-1");

        var described = Describe(run);

        var task = described.PendingWorkflowTask;
        Assert.Equal((PendingWorkflowTaskState.Scheduled, T0, T0, 1),
            (task.State, task.ScheduledTime.ToDateTimeOffset(), task.OriginalScheduledTime.ToDateTimeOffset(), task.Attempt));
        var extended = described.WorkflowExtendedInfo;
        Assert.Null(extended.ExecutionExpirationTime);
        // The server's zero time: no run timeout.
        Assert.Equal(DateTimeOffset.MinValue, extended.RunExpirationTime.ToDateTimeOffset());
        Assert.Equal(T0, extended.OriginalStartTime.ToDateTimeOffset());
        Assert.False(extended.CancelRequested);
        var start = History(run)[0];
        var requestId = Assert.Single(extended.RequestIdInfos);
        Assert.Equal((EventType.WorkflowExecutionStarted, 1L), (requestId.Value.EventType, requestId.Value.EventId));
        Assert.False(string.IsNullOrEmpty(requestId.Key));
        var config = described.ExecutionConfig;
        Assert.Null(config.WorkflowExecutionTimeout);
        Assert.Null(config.WorkflowRunTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), config.DefaultWorkflowTaskTimeout.ToTimeSpan());
        Assert.Equal(TaskQueueKind.Normal, config.TaskQueue.Kind);
        Assert.NotNull(described.WorkflowExecutionInfo.Memo);
        Assert.NotNull(described.WorkflowExecutionInfo.SearchAttributes);
        Assert.Equal(TimeSpan.Zero, start.WorkflowExecutionStartedEventAttributes.FirstWorkflowTaskBackoff.ToTimeSpan());
    }

    [Theory]
    // execution, run, task (seconds; 0 = not set) → stored run, stored task
    [InlineData(0, 0, 0, 0, 10)]
    [InlineData(3600, 0, 0, 3600, 10)]
    [InlineData(3600, 7200, 0, 3600, 10)]
    [InlineData(3600, 600, 0, 600, 10)]
    [InlineData(0, 5, 0, 5, 5)]
    [InlineData(0, 0, 300, 0, 120)]
    [InlineData(0, 60, 30, 60, 30)]
    public void Timeouts_are_stored_as_the_server_defaults_them(int execution, int run, int task, int storedRun, int storedTask)
    {
        var started = Start("timeouts", s =>
        {
            if (execution > 0) s.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(execution));
            if (run > 0) s.WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(run));
            if (task > 0) s.WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(task));
        });

        var config = Describe(started).ExecutionConfig;
        var events = History(started);

        Assert.Equal(execution == 0 ? null : TimeSpan.FromSeconds(execution), config.WorkflowExecutionTimeout?.ToTimeSpan());
        Assert.Equal(storedRun == 0 ? null : TimeSpan.FromSeconds(storedRun), config.WorkflowRunTimeout?.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(storedTask), config.DefaultWorkflowTaskTimeout.ToTimeSpan());
        var attributes = events[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(config.WorkflowRunTimeout, attributes.WorkflowRunTimeout);
        Assert.Equal(config.DefaultWorkflowTaskTimeout, attributes.WorkflowTaskTimeout);
        Assert.Equal(config.DefaultWorkflowTaskTimeout, events[1].WorkflowTaskScheduledEventAttributes.StartToCloseTimeout);
    }

    [Fact]
    public void The_expiration_times_come_from_the_timeouts_and_the_start_delay()
    {
        var run = Start("expirations", s =>
        {
            s.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1));
            s.WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(50));
            s.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromMinutes(20));
        });

        var described = Describe(run);

        Assert.Equal(T0 + TimeSpan.FromHours(1), described.WorkflowExtendedInfo.ExecutionExpirationTime.ToDateTimeOffset());
        // start + run timeout + delay (70 min), capped at the execution's expiration.
        Assert.Equal(T0 + TimeSpan.FromHours(1), described.WorkflowExtendedInfo.RunExpirationTime.ToDateTimeOffset());
        Assert.Equal(T0 + TimeSpan.FromMinutes(20), described.WorkflowExecutionInfo.ExecutionTime.ToDateTimeOffset());
        Assert.Null(described.PendingWorkflowTask);
        Assert.Equal(T0 + TimeSpan.FromHours(1), History(run)[0].WorkflowExecutionStartedEventAttributes.WorkflowExecutionExpirationTime.ToDateTimeOffset());
    }

    [Fact]
    public void State_transitions_count_transactions_not_events_and_the_history_size_is_the_serialized_historys()
    {
        var run = Start("transitions");                    // 1: the start (2 events)
        Signal(run, "go", "s-1");                           // 2: the signal (a task is pending: no new one)
        Cancel(run, "stop");                                // 3: the cancel request
        _temporal.HonourCancel("default", run, null);       // 4: the worker's poll, 5: its completion (3 events)

        var info = Describe(run).WorkflowExecutionInfo;
        var history = new History();
        history.Events.AddRange(History(run));

        Assert.Equal(7, info.HistoryLength);
        Assert.Equal(5, info.StateTransitionCount);
        Assert.Equal(history.CalculateSize(), info.HistorySizeBytes);
    }

    [Fact]
    public void Describe_reads_the_history_size_kept_as_events_are_added_so_a_long_history_costs_it_nothing_more()
    {
        var run = Start("long-describe");
        for (var i = 0; i < 3000; i++) Signal(run, "tick", $"tick-{i}");

        var info = Describe(run).WorkflowExecutionInfo;
        var history = new History();
        history.Events.AddRange(History(run));

        Assert.Equal(3002, info.HistoryLength);
        Assert.Equal(history.CalculateSize(), info.HistorySizeBytes);
        Assert.Equal(3001, info.StateTransitionCount);
    }

    // ---- signals ----

    [Fact]
    public void A_signal_retried_with_its_request_id_after_the_run_closed_is_OK_and_another_is_NotFound()
    {
        var run = Start("signal-1");
        Signal(run, "approve", "req-1");
        _temporal.CompleteWorkflow("default", run, null);
        var closedLength = History(run).Count;

        Signal(run, "approve", "req-1");

        Assert.Equal(closedLength, History(run).Count);
        var e = Assert.Throws<RpcException>(() => Signal(run, "approve", "req-2"));
        Assert.Equal((StatusCode.NotFound, "workflow execution already completed"), (e.Code, e.Message));
    }

    [Fact]
    public void A_signal_schedules_a_workflow_task_when_none_is_pending_and_none_during_a_start_delay()
    {
        var run = Start("signal-2");
        _temporal.SetPendingActivity("default", run, "Charge", 1, null);
        var before = History(run).Count;
        Signal(run, "first", "a");
        Signal(run, "second", "b");
        Assert.Equal([EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionSignaled],
            Types(History(run).Skip(before)));

        var delayed = Start("signal-3", s => s.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)));
        Signal(delayed, "early", "c");
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled], Types(History(delayed)));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled],
            Types(History(delayed)));
    }

    // ---- activities ----

    [Fact]
    public void An_activity_failure_comes_with_the_workflow_task_events_a_server_writes_around_it()
    {
        var run = Start("activity-1");

        _temporal.RecordActivityFailure("default", run, "ChargeCard", 3, MockFailures.Application("card declined", "CardError"));

        var events = History(run);
        // The reference sequence (tests/describe_test.go, respondactivitytaskfailed/api.go).
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
             EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted, EventType.ActivityTaskFailed, EventType.WorkflowTaskScheduled],
            Types(events));
        Assert.Equal(4, events[4].ActivityTaskScheduledEventAttributes.WorkflowTaskCompletedEventId);
        Assert.Equal(3, events[5].ActivityTaskStartedEventAttributes.Attempt);
        var failed = events[6].ActivityTaskFailedEventAttributes;
        Assert.Equal((5L, 6L, "card declined", RetryState.MaximumAttemptsReached),
            (failed.ScheduledEventId, failed.StartedEventId, failed.Failure.Message, failed.RetryState));
        Assert.Equal(PendingWorkflowTaskState.Scheduled, Describe(run).PendingWorkflowTask.State);
    }

    [Fact]
    public void A_pending_activity_is_scheduled_by_a_workflow_task_and_its_failure_names_that_scheduled_event()
    {
        var run = Start("activity-2");
        _temporal.SetPendingActivity("default", run, "Ship", 1, null);
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
             EventType.ActivityTaskScheduled],
            Types(History(run)));
        // Another attempt writes no event: a retry is kept out of history.
        _temporal.SetPendingActivity("default", run, "Ship", 2, MockFailures.Application("carrier down"));
        Assert.Equal(5, History(run).Count);

        _temporal.RecordActivityFailure("default", run, "Ship", 2, MockFailures.Application("carrier down", nonRetryable: true));

        var events = History(run);
        Assert.Equal([EventType.ActivityTaskStarted, EventType.ActivityTaskFailed, EventType.WorkflowTaskScheduled], Types(events.Skip(5)));
        var failed = events[6].ActivityTaskFailedEventAttributes;
        Assert.Equal((5L, 6L, RetryState.NonRetryableFailure), (failed.ScheduledEventId, failed.StartedEventId, failed.RetryState));
        Assert.Empty(Describe(run).PendingActivities);
    }

    // ---- timeouts and retries on the engine's clock ----

    [Fact]
    public void A_run_timeout_without_a_retry_policy_closes_the_run_as_TimedOut_with_RETRY_POLICY_NOT_SET()
    {
        var run = Start("timeout-1", s => s.WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(WorkflowExecutionStatus.Running, Describe(run).WorkflowExecutionInfo.Status);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var timedOut = History(run)[^1];
        Assert.Equal(EventType.WorkflowExecutionTimedOut, timedOut.EventType);
        Assert.Equal((RetryState.RetryPolicyNotSet, ""), (timedOut.WorkflowExecutionTimedOutEventAttributes.RetryState, timedOut.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId));
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), timedOut.EventTime.ToDateTimeOffset());
        Assert.Equal(WorkflowExecutionStatus.TimedOut, Describe(run).WorkflowExecutionInfo.Status);
        Assert.Equal(0, _temporal.RunningTimers);
    }

    [Fact]
    public void An_execution_timeout_closes_the_run_as_TimedOut_with_TIMEOUT()
    {
        var run = Start("timeout-2", s => s.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)));

        _clock.Advance(TimeSpan.FromHours(1));

        var timedOut = History(run)[^1];
        Assert.Equal(EventType.WorkflowExecutionTimedOut, timedOut.EventType);
        Assert.Equal(RetryState.Timeout, timedOut.WorkflowExecutionTimedOutEventAttributes.RetryState);
    }

    [Fact]
    public void A_run_timeout_with_a_retry_policy_starts_the_next_attempt_until_the_attempts_run_out()
    {
        var first = Start("timeout-3", s =>
        {
            s.WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1));
            s.RetryPolicy = new RetryPolicy { MaximumAttempts = 2, InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) };
        });

        _clock.Advance(TimeSpan.FromMinutes(1));

        var timedOut = History(first)[^1].WorkflowExecutionTimedOutEventAttributes;
        Assert.Equal(RetryState.InProgress, timedOut.RetryState);
        var second = new WorkflowExecution { WorkflowId = "timeout-3", RunId = timedOut.NewExecutionRunId };
        var started = History(second)[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal((2, ContinueAsNewInitiator.Retry, first.RunId, first.RunId),
            (started.Attempt, started.Initiator, started.ContinuedExecutionRunId, started.FirstExecutionRunId));
        Assert.Equal(TimeoutType.StartToClose, started.ContinuedFailure.TimeoutFailureInfo.TimeoutType);
        Assert.Equal(TimeSpan.FromSeconds(5), started.FirstWorkflowTaskBackoff.ToTimeSpan());
        Assert.Single(History(second));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(EventType.WorkflowTaskScheduled, History(second)[^1].EventType);

        // The second attempt's run timeout counts from its start, delay included: the last attempt.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var last = History(second)[^1].WorkflowExecutionTimedOutEventAttributes;
        Assert.Equal((RetryState.MaximumAttemptsReached, ""), (last.RetryState, last.NewExecutionRunId));
        Assert.Equal(0, _temporal.RunningTimers);
    }

    [Fact]
    public void A_failure_with_a_retry_policy_is_retried_and_a_non_retryable_one_is_not()
    {
        var first = Start("retry-1", s => s.RetryPolicy = new RetryPolicy { InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)) });

        _temporal.FailWorkflow("default", first, MockFailures.Application("flaky"));

        var failed = History(first)[^1].WorkflowExecutionFailedEventAttributes;
        Assert.Equal(RetryState.InProgress, failed.RetryState);
        var second = new WorkflowExecution { WorkflowId = "retry-1", RunId = failed.NewExecutionRunId };
        Assert.Equal(second.RunId, _temporal.CurrentRun("default", new WorkflowExecution { WorkflowId = "retry-1" }).RunId);
        Assert.Equal("flaky", History(second)[0].WorkflowExecutionStartedEventAttributes.ContinuedFailure.Message);

        _temporal.FailWorkflow("default", second, MockFailures.Application("broken for good", nonRetryable: true));
        var final = History(second)[^1].WorkflowExecutionFailedEventAttributes;
        Assert.Equal((RetryState.NonRetryableFailure, ""), (final.RetryState, final.NewExecutionRunId));
        var withoutPolicy = Start("retry-2");
        _temporal.FailWorkflow("default", withoutPolicy, MockFailures.Application("no policy"));
        Assert.Equal(RetryState.RetryPolicyNotSet, History(withoutPolicy)[^1].WorkflowExecutionFailedEventAttributes.RetryState);
    }

    [Fact]
    public void A_continued_run_keeps_the_executions_expiration_and_times_out_at_it()
    {
        var first = Start("chain-timeout", s => s.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1)));
        _clock.Advance(TimeSpan.FromMinutes(40));

        var second = _temporal.ContinueAsNew("default", first, null);
        var started = History(second)[0].WorkflowExecutionStartedEventAttributes;
        Assert.Equal(T0 + TimeSpan.FromHours(1), started.WorkflowExecutionExpirationTime.ToDateTimeOffset());
        _clock.Advance(TimeSpan.FromMinutes(20));

        var timedOut = History(second)[^1];
        Assert.Equal(EventType.WorkflowExecutionTimedOut, timedOut.EventType);
        Assert.Equal(RetryState.Timeout, timedOut.WorkflowExecutionTimedOutEventAttributes.RetryState);
    }

    [Fact]
    public void A_continued_run_waits_the_minimum_run_interval_before_its_first_workflow_task()
    {
        var first = Start("chain-spin");

        var second = _temporal.ContinueAsNew("default", first, null);

        Assert.Equal(TimeSpan.FromSeconds(1), History(second)[0].WorkflowExecutionStartedEventAttributes.FirstWorkflowTaskBackoff.ToTimeSpan());
        Assert.Single(History(second));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(EventType.WorkflowTaskScheduled, History(second)[^1].EventType);
    }

    [Fact]
    public void A_closed_runs_timers_stop()
    {
        var run = Start("timers", s =>
        {
            s.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromHours(1));
            s.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromMinutes(5));
        });
        Assert.Equal(2, _temporal.RunningTimers);   // the start delay, the run (= execution) timeout

        _temporal.TerminateWorkflowExecution(new() { Namespace = "default", WorkflowExecution = run });
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(0, _temporal.RunningTimers);
        Assert.Equal(EventType.WorkflowExecutionTerminated, History(run)[^1].EventType);
    }

    // ---- helpers ----

    private WorkflowExecution Start(string workflowId, Action<StartWorkflowExecutionRequest>? configure = null) =>
        EngineRuns.Start(_temporal, workflowId, configure);

    private void Cancel(WorkflowExecution run, string reason, string identity = "", string requestId = "", string firstExecutionRunId = "") =>
        _temporal.RequestCancelWorkflowExecution(new RequestCancelWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = run,
            Reason = reason,
            Identity = identity,
            RequestId = requestId.Length > 0 ? requestId : Guid.NewGuid().ToString(),
            FirstExecutionRunId = firstExecutionRunId,
        });

    private void Signal(WorkflowExecution run, string name, string requestId) =>
        _temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowExecution = run, SignalName = name, RequestId = requestId,
        });

    private DescribeWorkflowExecutionResponse Describe(WorkflowExecution run) =>
        _temporal.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = run });

    private List<HistoryEvent> History(WorkflowExecution run)
    {
        var events = new List<HistoryEvent>();
        var request = new GetWorkflowExecutionHistoryRequest { Namespace = "default", Execution = run };
        while (true)
        {
            var page = _temporal.GetWorkflowExecutionHistory(request);
            events.AddRange(page.History.Events);
            if (page.NextPageToken.IsEmpty) return events;
            request.NextPageToken = page.NextPageToken;
        }
    }

    private static EventType[] Types(IEnumerable<HistoryEvent> events) => events.Select(e => e.EventType).ToArray();

    private static Payloads Payloads(string value) => new() { Payloads_ = { Hourglass.Protocol.HourglassPayload.From(value) } };
}
