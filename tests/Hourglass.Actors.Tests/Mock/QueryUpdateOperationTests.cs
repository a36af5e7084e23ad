using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Mock;

/// <summary>
/// QueryWorkflow and UpdateWorkflow through the ClientBackendActor on the mock backend, the test
/// playing the worker with HandleQuery / AnswerQuery / HandleUpdate / AnswerUpdate.
/// </summary>
public sealed class QueryUpdateOperationTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    private void Send(MockControl control)
    {
        Hourglass.Tell(control);
        ExpectMsg<MockWorkflowUpdated>();
    }

    /// <summary>A router whose mock runs on <paramref name="temporal"/>, with extra config on top of the test profile.</summary>
    private IActorRef RouterOn(InMemoryTemporal temporal, string? config = null)
    {
        var settings = HourglassSettings.Create(TestConfig(config));
        return Sys.ActorOf(ClientBackendActor.Props(settings, mockBackend: MockBackendActor.Props(settings, temporal)));
    }

    [Fact]
    public void A_query_is_answered_by_the_handler_with_its_arguments()
    {
        var handle = StartOne("query-1");
        Send(new HandleQuery(handle.WithoutRun(), "progress", args => QueryAnswer.Of($"{args[0].ToValue<string>()} at {args[1].ToValue<int>()}%")));

        Hourglass.Tell(new QueryWorkflow(handle, "progress", "lines", 75));

        var queried = ExpectMsg<WorkflowQueried>();
        Assert.Equal(("progress", "lines at 75%"), (queried.QueryType, queried.ResultAs<string>()));
        Assert.Equal(handle, queried.Handle);
    }

    [Fact]
    public async Task A_fixed_answer_serves_the_typed_Ask_helper()
    {
        var handle = StartOne("query-2");
        Send(new AnswerQuery(handle.WithoutRun(), "total", QueryAnswer.Of(42.5)));

        Assert.Equal(42.5, await Hourglass.QueryWorkflowAsync<double>(handle, "total"));
        var payloads = await Hourglass.QueryWorkflowAsync(new QueryWorkflow(handle, "total"));
        Assert.Equal(42.5, Assert.Single(payloads).ToValue<double>());
    }

    [Fact]
    public void A_failing_query_is_QueryFailed_with_the_workers_failure()
    {
        var handle = StartOne("query-3");
        Send(new AnswerQuery(handle.WithoutRun(), "progress", QueryAnswer.Fail("not ready", "NotReady")));

        Hourglass.Tell(new QueryWorkflow(handle, "progress"));

        var failed = ExpectFailure(ErrorKind.QueryFailed);
        Assert.Equal("not ready", failed.Error.Message);
        Assert.Equal("NotReady", failed.Error.Failure!.ApplicationFailureInfo.Type);
        Assert.IsType<QueryWorkflow>(failed.Request);
    }

    [Fact]
    public void A_query_refused_by_its_reject_condition_is_QueryRejected_with_the_workflow_state()
    {
        var handle = StartOne("query-4");
        Send(new AnswerQuery(handle.WithoutRun(), "progress", QueryAnswer.Of(1)));
        Send(new FailWorkflow(handle, "boom"));

        Hourglass.Tell(new QueryWorkflow(handle, "progress") { RejectCondition = QueryRejectCondition.NotCompletedCleanly });
        var rejected = ExpectFailure(ErrorKind.QueryRejected);
        Hourglass.Tell(new QueryWorkflow(handle, "progress"));
        var answered = ExpectMsg<WorkflowQueried>();

        Assert.Equal(WorkflowState.Failed, rejected.Error.WorkflowState);
        Assert.Equal(1, answered.ResultAs<int>());
    }

    [Fact]
    public void A_query_nobody_answers_gets_the_servers_timeout_when_the_engines_wait_ends()
    {
        var router = RouterOn(new InMemoryTemporal(["default"]) { QueryWorkerTimeout = TimeSpan.FromMilliseconds(200) });
        router.Tell(new StartWorkflow("OrderWorkflow", "query-5"));
        var handle = ExpectMsg<WorkflowStarted>().Handle;

        router.Tell(new QueryWorkflow(handle, "progress"));

        var failed = ExpectFailure(ErrorKind.Timeout);
        Assert.Equal("query timed out before a worker could process it", failed.Error.Message);
        Assert.Equal(4, failed.Error.GrpcCode);
    }

    [Fact]
    public void A_query_nobody_answers_within_query_timeout_is_a_Timeout_naming_the_setting()
    {
        var router = RouterOn(new InMemoryTemporal(["default"]), "hourglass.real.query-timeout = 200ms");
        router.Tell(new StartWorkflow("OrderWorkflow", "query-6"));
        var handle = ExpectMsg<WorkflowStarted>().Handle;

        router.Tell(new QueryWorkflow(handle, "progress"));

        var failed = ExpectFailure(ErrorKind.Timeout);
        Assert.Contains("hourglass.real.query-timeout", failed.Error.Message);
    }

    [Fact]
    public void A_handler_control_names_a_workflow_not_a_run()
    {
        var handle = StartOne("query-7");

        Hourglass.Tell(new HandleQuery(handle, "progress", _ => QueryAnswer.Of(1)));

        var failed = ExpectFailure(ErrorKind.InvalidArgument);
        Assert.Contains("HandleQuery.Handle.RunId must be empty", failed.Error.Message);
        Assert.Equal("progress", Assert.IsType<HandleQuery>(failed.Request).QueryType);
    }

    [Fact]
    public void A_completed_update_answers_its_result_and_is_in_the_history()
    {
        var handle = StartOne("update-1");
        Send(new HandleUpdate(handle.WithoutRun(), "add-line", args => UpdateAnswer.Complete($"added {args[0].ToValue<string>()}")));

        var update = new UpdateWorkflow(handle, "add-line", "sku-1");
        Hourglass.Tell(update);

        var updated = ExpectMsg<WorkflowUpdated>();
        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Completed, update.UpdateId, "added sku-1"), (updated.Stage, updated.UpdateId, updated.ResultAs<string>()));
        Assert.True(updated.Succeeded);
        Assert.Equal(handle, updated.Handle);
        Hourglass.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>().History.Events;
        Assert.Equal(update.UpdateId, Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateCompleted)
            .WorkflowExecutionUpdateCompletedEventAttributes.Meta.UpdateId);
        Assert.Equal(MockBackendActor.Identity, Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted)
            .WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest.Meta.Identity);
    }

    [Fact]
    public void A_failed_update_and_a_rejected_one_answer_WorkflowUpdated_with_the_failure()
    {
        var handle = StartOne("update-2");
        Send(new AnswerUpdate(handle.WithoutRun(), "fails", UpdateAnswer.Fail("out of stock", "StockError")));
        Send(new AnswerUpdate(handle.WithoutRun(), "rejects", UpdateAnswer.Reject("bad sku", "ValidationError")));

        Hourglass.Tell(new UpdateWorkflow(handle, "fails"));
        var failed = ExpectMsg<WorkflowUpdated>();
        Hourglass.Tell(new UpdateWorkflow(handle, "rejects"));
        var rejected = ExpectMsg<WorkflowUpdated>();

        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Completed, "out of stock"), (failed.Stage, failed.Failure!.Message));
        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Completed, "ValidationError"), (rejected.Stage, rejected.Failure!.ApplicationFailureInfo.Type));
        Assert.False(failed.Succeeded);
        Assert.Null(rejected.Result);
        Assert.Throws<InvalidOperationException>(() => rejected.ResultAs<string>());
        Hourglass.Tell(new FetchHistory(handle));
        Assert.Single(ExpectMsg<HistoryFetched>().History.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted); // the rejection wrote none
    }

    [Fact]
    public void The_same_update_message_twice_runs_the_handler_once_and_answers_the_same_outcome_even_after_close()
    {
        var handle = StartOne("update-3");
        var calls = 0;
        Send(new HandleUpdate(handle.WithoutRun(), "add-line", _ => UpdateAnswer.Complete(Interlocked.Increment(ref calls))));
        var update = new UpdateWorkflow(handle, "add-line");

        Hourglass.Tell(update);
        var first = ExpectMsg<WorkflowUpdated>();
        Hourglass.Tell(update);
        var again = ExpectMsg<WorkflowUpdated>();
        Send(new CompleteWorkflow(handle, (object?)"done"));
        Hourglass.Tell(update);
        var afterClose = ExpectMsg<WorkflowUpdated>();
        Hourglass.Tell(new UpdateWorkflow(handle, "add-line"));
        var fresh = ExpectFailure(ErrorKind.NotFound);

        Assert.Equal(1, calls);
        Assert.All(new[] { first, again, afterClose }, u => Assert.Equal(1, u.ResultAs<int>()));
        Assert.Equal("workflow execution already completed", fresh.Error.Message);
    }

    [Fact]
    public async Task Waiting_for_Accepted_answers_before_the_outcome_is_known()
    {
        var handle = StartOne("update-4");
        Send(new AnswerUpdate(handle.WithoutRun(), "start-job", UpdateAnswer.Accept()));

        var updated = await Hourglass.UpdateWorkflowAsync(new UpdateWorkflow(handle, "start-job") { WaitStage = UpdateWorkflowExecutionLifecycleStage.Accepted });

        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Accepted, updated.Stage);
        Assert.Null(updated.Result);
        Assert.Null(updated.Failure);
    }

    [Fact]
    public void Waiting_for_admission_only_is_refused_before_any_call()
    {
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(new UpdateWorkflow(WorkflowHandle.Latest("update-5"), "add-line") { WaitStage = UpdateWorkflowExecutionLifecycleStage.Admitted });

        Assert.Contains("UpdateWorkflow.WaitStage cannot be Admitted", ExpectFailure(ErrorKind.InvalidArgument).Error.Message);
        // Nothing reached the backend: the next thing it receives is the sentinel sent after.
        Hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("sentinel")));
        Assert.Equal("sentinel", backend.ExpectMsg<DescribeWorkflow>().Handle.WorkflowId);
    }

    [Fact]
    public void An_update_nobody_handles_is_sent_again_until_update_timeout_then_is_a_Timeout_and_the_same_message_picks_it_up()
    {
        var temporal = new InMemoryTemporal(["default"]) { UpdateWorkerTimeout = TimeSpan.FromMilliseconds(100) };
        var router = RouterOn(temporal, "hourglass.real.update-timeout = 500ms");
        router.Tell(new StartWorkflow("OrderWorkflow", "update-6"));
        var handle = ExpectMsg<WorkflowStarted>().Handle;
        var update = new UpdateWorkflow(handle, "add-line");

        router.Tell(update);
        var failed = ExpectFailure(ErrorKind.Timeout);
        Assert.Contains("did not reach Completed within hourglass.real.update-timeout", failed.Error.Message);
        Assert.Contains("(it was Admitted)", failed.Error.Message);

        temporal.SetUpdateHandler("default", "update-6", "add-line", _ => UpdateAnswer.Complete("late"));
        router.Tell(update);
        Assert.Equal("late", ExpectMsg<WorkflowUpdated>().ResultAs<string>());
    }
}
