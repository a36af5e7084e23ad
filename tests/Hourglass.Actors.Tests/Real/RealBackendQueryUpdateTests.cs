using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>
/// QueryWorkflow and UpdateWorkflow through the ClientBackendActor, the real backend and the
/// Temporalio client against the fake frontend, the test playing the worker on the server's engine.
/// </summary>
public sealed class RealBackendQueryUpdateTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private WorkflowHandle Start(string id, IActorRef? router = null)
    {
        (router ?? Router).Tell(new StartWorkflow("OrderWorkflow", id) { TaskQueue = "orders" });
        return ExpectMsg<WorkflowStarted>(Patience).Handle;
    }

    private static CancellationToken Soon => new CancellationTokenSource(Patience).Token;

    [Fact]
    public void A_query_sends_the_type_arguments_and_reject_condition_and_answers_the_handlers_result()
    {
        var handle = Start("rq-1");
        Server.Temporal.SetQueryHandler("default", "rq-1", "progress", call => QueryAnswer.Of($"{call.Args[0].ToValue<string>()}: 75%"));

        Router.Tell(new QueryWorkflow(handle, "progress", "lines") { RejectCondition = QueryRejectCondition.NotOpen });

        Assert.Equal("lines: 75%", ExpectMsg<WorkflowQueried>(Patience).ResultAs<string>());
        var sent = Assert.Single(Server.RequestsOf<QueryWorkflowRequest>());
        Assert.Equal(("default", "rq-1", handle.RunId, "progress", QueryRejectCondition.NotOpen),
            (sent.Namespace, sent.Execution.WorkflowId, sent.Execution.RunId, sent.Query.QueryType, sent.QueryRejectCondition));
        Assert.Equal("lines", sent.Query.QueryArgs.Payloads_[0].ToValue<string>());
    }

    [Fact]
    public void A_failing_query_is_QueryFailed_with_the_failure_from_the_status_details()
    {
        var handle = Start("rq-2");
        Server.Temporal.SetQueryHandler("default", "rq-2", "progress", _ => QueryAnswer.Fail("not ready", "NotReady"));

        Router.Tell(new QueryWorkflow(handle, "progress"));

        var failed = ExpectFailure(ErrorKind.QueryFailed, Patience);
        Assert.Equal(("not ready", "NotReady", 3), (failed.Error.Message, failed.Error.Failure!.ApplicationFailureInfo.Type, failed.Error.GrpcCode));
    }

    [Fact]
    public void A_rejected_query_is_QueryRejected_with_the_workflow_state()
    {
        var handle = Start("rq-3");
        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "rq-3" }, null);

        Router.Tell(new QueryWorkflow(handle, "progress") { RejectCondition = QueryRejectCondition.NotOpen });

        Assert.Equal(WorkflowState.Completed, ExpectFailure(ErrorKind.QueryRejected, Patience).Error.WorkflowState);
    }

    [Fact]
    public void A_query_no_worker_answers_is_the_servers_DEADLINE_EXCEEDED()
    {
        Server.Temporal.QueryWorkerTimeout = TimeSpan.FromMilliseconds(300);
        var handle = Start("rq-4");

        Router.Tell(new QueryWorkflow(handle, "progress"));

        var failed = ExpectFailure(ErrorKind.Timeout, Patience);
        Assert.Equal(("query timed out before a worker could process it", 4), (failed.Error.Message, failed.Error.GrpcCode));
    }

    [Fact]
    public void A_query_has_its_own_deadline_longer_than_rpc_timeout()
    {
        // The server gives up on the worker after 500 ms, past rpc-timeout: the answer that arrives is the
        // server's own DEADLINE_EXCEEDED, not Hourglass giving up at rpc-timeout.
        Server.Temporal.QueryWorkerTimeout = TimeSpan.FromMilliseconds(500);
        var router = StartRouter("hourglass.real { rpc-timeout = 100ms, query-timeout = 10s }");
        var handle = Start("rq-5"); // on the default router: this one has a short rpc-timeout

        router.Tell(new QueryWorkflow(handle, "progress"));

        var failed = ExpectFailure(ErrorKind.Timeout, Patience);
        Assert.Equal("query timed out before a worker could process it", failed.Error.Message);
    }

    [Fact]
    public async Task A_handler_registered_while_the_query_waits_answers_it()
    {
        var handle = Start("rq-7");

        Router.Tell(new QueryWorkflow(handle, "progress"));
        await Server.WaitForRequestAsync<QueryWorkflowRequest>(cancellationToken: Soon);
        Server.Temporal.SetQueryHandler("default", "rq-7", "progress", _ => QueryAnswer.Of("answered"));

        Assert.Equal("answered", ExpectMsg<WorkflowQueried>(Patience).ResultAs<string>());
    }

    [Fact]
    public void A_query_past_query_timeout_is_a_Timeout_naming_it()
    {
        var router = StartRouter("hourglass.real.query-timeout = 300ms");
        var handle = Start("rq-6", router);

        router.Tell(new QueryWorkflow(handle, "progress"));

        Assert.Contains("query-timeout", ExpectFailure(ErrorKind.Timeout, Patience).Error.Message);
    }

    [Fact]
    public void An_update_sends_its_id_name_arguments_and_identity_and_answers_the_result()
    {
        var handle = Start("ru-1");
        Server.Temporal.SetUpdateHandler("default", "ru-1", "add-line", call => UpdateAnswer.Complete($"added {call.Args[0].ToValue<string>()}"));
        var update = new UpdateWorkflow(handle, "add-line", "sku-1");

        Router.Tell(update);

        var updated = ExpectMsg<WorkflowUpdated>(Patience);
        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Completed, "added sku-1", update.UpdateId), (updated.Stage, updated.ResultAs<string>(), updated.UpdateId));
        var sent = Assert.Single(Server.RequestsOf<UpdateWorkflowExecutionRequest>());
        Assert.Equal(("default", "ru-1", handle.RunId, update.UpdateId, "add-line", UpdateWorkflowExecutionLifecycleStage.Completed),
            (sent.Namespace, sent.WorkflowExecution.WorkflowId, sent.WorkflowExecution.RunId, sent.Request.Meta.UpdateId, sent.Request.Input.Name, sent.WaitPolicy.LifecycleStage));
        Assert.Equal("sku-1", sent.Request.Input.Args.Payloads_[0].ToValue<string>());
        Assert.False(string.IsNullOrEmpty(sent.Request.Meta.Identity));
    }

    [Fact]
    public void Failed_and_rejected_updates_answer_with_their_failure()
    {
        var handle = Start("ru-2");
        Server.Temporal.SetUpdateHandler("default", "ru-2", "fails", _ => UpdateAnswer.Fail("out of stock", "StockError"));
        Server.Temporal.SetUpdateHandler("default", "ru-2", "rejects", _ => UpdateAnswer.Reject("bad sku", "ValidationError"));

        Router.Tell(new UpdateWorkflow(handle, "fails"));
        var failed = ExpectMsg<WorkflowUpdated>(Patience);
        Router.Tell(new UpdateWorkflow(handle, "rejects"));
        var rejected = ExpectMsg<WorkflowUpdated>(Patience);

        Assert.Equal("StockError", failed.Failure!.ApplicationFailureInfo.Type);
        Assert.Equal("ValidationError", rejected.Failure!.ApplicationFailureInfo.Type);
    }

    [Fact]
    public void The_same_update_twice_and_after_close_has_one_outcome_and_a_new_id_on_a_closed_run_is_NotFound()
    {
        var handle = Start("ru-3");
        var calls = 0;
        Server.Temporal.SetUpdateHandler("default", "ru-3", "add-line", _ => UpdateAnswer.Complete(Interlocked.Increment(ref calls)));
        var update = new UpdateWorkflow(handle, "add-line");

        Router.Tell(update);
        Assert.Equal(1, ExpectMsg<WorkflowUpdated>(Patience).ResultAs<int>());
        Router.Tell(update);
        Assert.Equal(1, ExpectMsg<WorkflowUpdated>(Patience).ResultAs<int>());
        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "ru-3" }, null);
        Router.Tell(update);
        Assert.Equal(1, ExpectMsg<WorkflowUpdated>(Patience).ResultAs<int>());
        Router.Tell(new UpdateWorkflow(handle, "add-line"));

        Assert.Equal("workflow execution already completed", ExpectFailure(ErrorKind.NotFound, Patience).Error.Message);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task An_update_admitted_only_is_sent_again_then_polled_within_update_timeout_not_rpc_timeout()
    {
        // Each call waits up to 300 ms on the server, longer than rpc-timeout: the update has a deadline of its own.
        Server.Temporal.UpdateWorkerTimeout = TimeSpan.FromMilliseconds(300);
        var router = StartRouter("hourglass.real { rpc-timeout = 100ms, update-timeout = 10s }");
        var handle = Start("ru-4"); // on the default router: this one has a short rpc-timeout
        var update = new UpdateWorkflow(handle, "add-line");

        router.Tell(update);
        // Answered ADMITTED, the update is sent again with the same id...
        await Server.WaitForRequestAsync<UpdateWorkflowExecutionRequest>(r => Server.RequestsOf<UpdateWorkflowExecutionRequest>().Count >= 2, Soon);
        Server.Temporal.SetUpdateHandler("default", "ru-4", "add-line", _ => UpdateAnswer.Accept());
        // ...until accepted, then polled for its outcome.
        await Server.WaitForRequestAsync<PollWorkflowExecutionUpdateRequest>(cancellationToken: Soon);
        Server.Temporal.CompleteUpdate("default", new() { WorkflowId = "ru-4" }, update.UpdateId, UpdateAnswer.Complete("done"));

        Assert.Equal("done", ExpectMsg<WorkflowUpdated>(Patience).ResultAs<string>());
        Assert.All(Server.RequestsOf<UpdateWorkflowExecutionRequest>(), r => Assert.Equal(update.UpdateId, r.Request.Meta.UpdateId));
        var poll = Server.RequestsOf<PollWorkflowExecutionUpdateRequest>()[0];
        Assert.Equal((handle.RunId, update.UpdateId, UpdateWorkflowExecutionLifecycleStage.Completed),
            (poll.UpdateRef.WorkflowExecution.RunId, poll.UpdateRef.UpdateId, poll.WaitPolicy.LifecycleStage));
    }

    [Fact]
    public void An_update_nobody_accepts_is_a_Timeout_at_update_timeout()
    {
        Server.Temporal.UpdateWorkerTimeout = TimeSpan.FromMilliseconds(200);
        var router = StartRouter("hourglass.real.update-timeout = 1500ms");
        var handle = Start("ru-5", router);

        router.Tell(new UpdateWorkflow(handle, "add-line"));

        var failed = ExpectFailure(ErrorKind.Timeout, Patience);
        Assert.Contains("update-timeout", failed.Error.Message);
        Assert.True(Server.RequestsOf<UpdateWorkflowExecutionRequest>().Count >= 2);
    }

    [Fact]
    public void Waiting_for_Accepted_answers_without_the_outcome()
    {
        var handle = Start("ru-6");
        Server.Temporal.SetUpdateHandler("default", "ru-6", "start-job", _ => UpdateAnswer.Accept());

        Router.Tell(new UpdateWorkflow(handle, "start-job") { WaitStage = UpdateWorkflowExecutionLifecycleStage.Accepted });

        var updated = ExpectMsg<WorkflowUpdated>(Patience);
        Assert.Equal((UpdateWorkflowExecutionLifecycleStage.Accepted, null, null), (updated.Stage, updated.Result, updated.Failure));
        Assert.Empty(Server.RequestsOf<PollWorkflowExecutionUpdateRequest>());
    }
}
