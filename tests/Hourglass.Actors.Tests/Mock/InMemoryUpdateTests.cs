using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Tests.Mock;

/// <summary>
/// UpdateWorkflowExecution and PollWorkflowExecutionUpdate on the in-memory Temporal, called as a
/// server is: handlers play the worker; history, deduplication by update id, closed runs and the
/// no-worker wait behave as the Temporal server's, on a fake clock.
/// </summary>
public sealed class InMemoryUpdateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTemporal _temporal;

    public InMemoryUpdateTests() => _temporal = new InMemoryTemporal(clock: _time);

    private string Start(string workflowId) => _temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
    {
        Namespace = "default",
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
        TaskQueue = new TaskQueue { Name = "orders" },
        RequestId = Guid.NewGuid().ToString(),
    }).RunId;

    private static UpdateWorkflowExecutionRequest Update(string workflowId, string name, string updateId,
        UpdateWorkflowExecutionLifecycleStage stage = UpdateWorkflowExecutionLifecycleStage.Completed, params object?[] args) => new()
    {
        Namespace = "default",
        WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
        WaitPolicy = new WaitPolicy { LifecycleStage = stage },
        Request = new Request
        {
            Meta = new Meta { UpdateId = updateId, Identity = "test" },
            Input = new Input { Name = name, Args = args.Length == 0 ? null : new Payloads { Payloads_ = { HourglassPayload.FromValues(args) } } },
        },
    };

    private static PollWorkflowExecutionUpdateRequest Poll(string workflowId, string updateId, UpdateWorkflowExecutionLifecycleStage stage) => new()
    {
        Namespace = "default",
        UpdateRef = new UpdateRef { WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId }, UpdateId = updateId },
        WaitPolicy = new WaitPolicy { LifecycleStage = stage },
    };

    private static WorkflowExecution Execution(string workflowId) => new() { WorkflowId = workflowId };

    private List<Temporalio.Api.History.V1.HistoryEvent> History(string workflowId) =>
        _temporal.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = Execution(workflowId) }).History.Events.ToList();

    [Fact]
    public async Task A_completed_update_answers_its_result_and_writes_the_workflow_task_and_update_events()
    {
        var runId = Start("u-1");
        UpdateCall? seen = null;
        _temporal.SetUpdateHandler("default", "u-1", "add-line", call =>
        {
            seen = call;
            return UpdateAnswer.Complete($"added {call.Args[0].ToValue<string>()}");
        });

        var response = await _temporal.UpdateWorkflowExecutionAsync(Update("u-1", "add-line", "upd-1", args: "sku-1"));

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, response.Stage);
        Assert.Equal("added sku-1", response.Outcome.Success.Payloads_.Single().ToValue<string>());
        Assert.Equal((runId, "upd-1"), (response.UpdateRef.WorkflowExecution.RunId, response.UpdateRef.UpdateId));
        Assert.Equal(("upd-1", "add-line", runId), (seen!.UpdateId, seen.UpdateName, seen.Execution.RunId));

        var events = History("u-1");
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
             EventType.WorkflowExecutionUpdateAccepted, EventType.WorkflowExecutionUpdateCompleted],
            events.Select(e => e.EventType));
        var accepted = events[4].WorkflowExecutionUpdateAcceptedEventAttributes;
        Assert.Equal(("upd-1", "upd-1/request", 2L), (accepted.ProtocolInstanceId, accepted.AcceptedRequestMessageId, accepted.AcceptedRequestSequencingEventId));
        Assert.Equal(("add-line", "sku-1"), (accepted.AcceptedRequest.Input.Name, accepted.AcceptedRequest.Input.Args.Payloads_[0].ToValue<string>()));
        var completed = events[5].WorkflowExecutionUpdateCompletedEventAttributes;
        Assert.Equal((5L, "upd-1"), (completed.AcceptedEventId, completed.Meta.UpdateId));
        Assert.Equal("added sku-1", completed.Outcome.Success.Payloads_[0].ToValue<string>());
    }

    [Fact]
    public async Task A_failed_update_is_accepted_and_completed_with_the_failure_as_its_outcome()
    {
        Start("u-2");
        _temporal.SetUpdateHandler("default", "u-2", "add-line", _ => UpdateAnswer.Fail("out of stock", "StockError"));

        var response = await _temporal.UpdateWorkflowExecutionAsync(Update("u-2", "add-line", "upd-2"));

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, response.Stage);
        Assert.Equal(("out of stock", "StockError"), (response.Outcome.Failure.Message, response.Outcome.Failure.ApplicationFailureInfo.Type));
        Assert.Equal("out of stock", History("u-2").Single(e => e.EventType == EventType.WorkflowExecutionUpdateCompleted)
            .WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Failure.Message);
    }

    [Fact]
    public async Task A_rejected_update_is_completed_with_the_rejection_and_leaves_no_update_event_nor_a_record()
    {
        Start("u-3");
        var calls = 0;
        _temporal.SetUpdateHandler("default", "u-3", "add-line", _ =>
        {
            calls++;
            return UpdateAnswer.Reject("bad sku", "ValidationError");
        });

        var first = await _temporal.UpdateWorkflowExecutionAsync(Update("u-3", "add-line", "upd-3"));
        var again = await _temporal.UpdateWorkflowExecutionAsync(Update("u-3", "add-line", "upd-3"));

        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Completed, "bad sku"), (first.Stage, first.Outcome.Failure.Message));
        Assert.Equal("bad sku", again.Outcome.Failure.Message);
        Assert.Equal(2, calls); // a rejected update is not kept: the same id is a new update
        Assert.DoesNotContain(History("u-3"), e => e.EventType is EventType.WorkflowExecutionUpdateAccepted or EventType.WorkflowExecutionUpdateCompleted);
        var poll = await Assert.ThrowsAsync<RpcException>(async () =>
            await _temporal.PollWorkflowExecutionUpdateAsync(Poll("u-3", "upd-3", UpdateWorkflowExecutionLifecycleStage.Completed)));
        Assert.Equal((StatusCode.NotFound, "update \"upd-3\" not found"), (poll.Code, poll.Message));
    }

    [Fact]
    public async Task The_same_update_id_gets_the_same_outcome_even_after_the_run_closed()
    {
        Start("u-4");
        var calls = 0;
        _temporal.SetUpdateHandler("default", "u-4", "add-line", _ => UpdateAnswer.Complete(++calls));

        var first = await _temporal.UpdateWorkflowExecutionAsync(Update("u-4", "add-line", "upd-4"));
        var again = await _temporal.UpdateWorkflowExecutionAsync(Update("u-4", "add-line", "upd-4"));
        _temporal.CompleteWorkflow("default", Execution("u-4"), null);
        var afterClose = await _temporal.UpdateWorkflowExecutionAsync(Update("u-4", "add-line", "upd-4"));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await _temporal.UpdateWorkflowExecutionAsync(Update("u-4", "add-line", "upd-new")));

        Assert.Equal(1, calls);
        Assert.All(new[] { first, again, afterClose }, r => Assert.Equal(1, r.Outcome.Success.Payloads_[0].ToValue<int>()));
        Assert.Single(History("u-4"), e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        Assert.Equal((StatusCode.NotFound, "workflow execution already completed"), (unknown.Code, unknown.Message));
    }

    [Fact]
    public async Task With_no_handler_the_call_answers_Admitted_after_20_seconds_and_a_later_handler_gets_the_update()
    {
        Start("u-5");
        var pending = _temporal.UpdateWorkflowExecutionAsync(Update("u-5", "add-line", "upd-5")).AsTask();
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var admitted = await pending;
        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Admitted, admitted.Stage);
        Assert.Null(admitted.Outcome);

        var polling = _temporal.PollWorkflowExecutionUpdateAsync(Poll("u-5", "upd-5", UpdateWorkflowExecutionLifecycleStage.Completed)).AsTask();
        _temporal.SetUpdateHandler("default", "u-5", "add-line", _ => UpdateAnswer.Complete("finally"));

        var polled = await polling;
        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Completed, "finally"), (polled.Stage, polled.Outcome.Success.Payloads_[0].ToValue<string>()));
    }

    [Fact]
    public async Task An_update_accepted_only_answers_Accepted_and_completes_later()
    {
        Start("u-6");
        _temporal.SetUpdateHandler("default", "u-6", "add-line", _ => UpdateAnswer.Accept());

        var accepted = await _temporal.UpdateWorkflowExecutionAsync(Update("u-6", "add-line", "upd-6", UpdateWorkflowExecutionLifecycleStage.Accepted));
        var waitingForCompletion = _temporal.PollWorkflowExecutionUpdateAsync(Poll("u-6", "upd-6", UpdateWorkflowExecutionLifecycleStage.Completed)).AsTask();
        var now = await _temporal.PollWorkflowExecutionUpdateAsync(Poll("u-6", "upd-6", UpdateWorkflowExecutionLifecycleStage.Unspecified));
        _temporal.CompleteUpdate("default", Execution("u-6"), "upd-6", UpdateAnswer.Complete("done"));

        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Accepted, null), (accepted.Stage, accepted.Outcome));
        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Accepted, now.Stage);
        Assert.Equal("done", (await waitingForCompletion).Outcome.Success.Payloads_[0].ToValue<string>());
        Assert.Equal(
            [EventType.WorkflowExecutionUpdateAccepted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
             EventType.WorkflowExecutionUpdateCompleted],
            History("u-6").Skip(4).Select(e => e.EventType));
    }

    [Fact]
    public async Task Waiting_for_admission_only_is_refused_as_the_frontend_refuses_it()
    {
        Start("u-7");

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await _temporal.UpdateWorkflowExecutionAsync(Update("u-7", "add-line", "upd-7", UpdateWorkflowExecutionLifecycleStage.Admitted)));

        Assert.Equal(StatusCode.PermissionDenied, e.Code);
    }

    [Fact]
    public async Task Closing_the_run_aborts_an_admitted_update_and_fails_an_accepted_one()
    {
        Start("u-8");
        var admitted = _temporal.UpdateWorkflowExecutionAsync(Update("u-8", "nobody-handles", "upd-8a")).AsTask();
        _temporal.SetUpdateHandler("default", "u-8", "accept-only", _ => UpdateAnswer.Accept());
        await _temporal.UpdateWorkflowExecutionAsync(Update("u-8", "accept-only", "upd-8b", UpdateWorkflowExecutionLifecycleStage.Accepted));

        _temporal.CompleteWorkflow("default", Execution("u-8"), null);

        var aborted = await Assert.ThrowsAsync<RpcException>(() => admitted);
        Assert.Equal((StatusCode.NotFound, "workflow update was aborted by closing workflow"), (aborted.Code, aborted.Message));
        var failed = await _temporal.UpdateWorkflowExecutionAsync(Update("u-8", "accept-only", "upd-8b"));
        Assert.Equal(("AcceptedUpdateCompletedWorkflow", "Server"), (failed.Outcome.Failure.ApplicationFailureInfo.Type, failed.Outcome.Failure.Source));
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_wait()
    {
        Start("u-9");
        using var cancel = new CancellationTokenSource();
        var pending = _temporal.UpdateWorkflowExecutionAsync(Update("u-9", "add-line", "upd-9"), cancel.Token).AsTask();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task At_most_ten_updates_are_in_flight_on_a_run()
    {
        Start("u-10");
        var waiting = Enumerable.Range(0, InMemoryTemporal.MaxInFlightUpdates)
            .Select(i => _temporal.UpdateWorkflowExecutionAsync(Update("u-10", "slow", $"upd-{i}")).AsTask()).ToList();

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _temporal.UpdateWorkflowExecutionAsync(Update("u-10", "slow", "one-too-many")));

        Assert.Equal(StatusCode.ResourceExhausted, e.Code);
        _temporal.SetUpdateHandler("default", "u-10", "slow", _ => UpdateAnswer.Complete());
        Assert.All(await Task.WhenAll(waiting), r => Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Completed, r.Stage));
    }
}
