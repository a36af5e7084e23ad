using Akka.TestKit;
using Hourglass.Protocol;
using Hourglass.Tests.Serialization;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Support;

/// <summary>
/// What TerminateWorkflow, SignalWithStartWorkflow and typed search attributes do, told to a
/// router and checked on its replies and on the server's state as describe and history show it.
/// The same scenarios run on the mock (the in-memory Temporal in-process) and on the real backend
/// (the Temporalio client against the fake frontend), so both backends are held to one behaviour.
/// The namespace "default" must know the custom attribute <c>CustomerId</c> (Keyword).
/// </summary>
/// <param name="kit">The test's TestKit: its TestActor sends, its ExpectMsg reads the replies.</param>
/// <param name="hourglass">The router under test.</param>
/// <param name="completeRun">Plays the worker: completes a run.</param>
public sealed class TerminateAndSignalWithStartScenarios(TestKitBase kit, IActorRef hourglass, Action<WorkflowHandle> completeRun)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public void Terminate_closes_a_running_run_with_its_reason_details_and_identity()
    {
        var handle = Start("terminate-1");

        var terminated = Ask<WorkflowTerminated>(new TerminateWorkflow(handle, "stuck on a bad deploy", "deploy-42", 3));

        Assert.Equal(handle, terminated.Handle);
        var events = History(handle);
        var last = events[^1];
        Assert.Equal(EventType.WorkflowExecutionTerminated, last.EventType);
        var attributes = last.WorkflowExecutionTerminatedEventAttributes;
        Assert.Equal("stuck on a bad deploy", attributes.Reason);
        Assert.Equal("deploy-42", attributes.Details.Payloads_[0].ToValue<string>());
        Assert.Equal(3, attributes.Details.Payloads_[1].ToValue<int>());
        Assert.Equal(events[0].WorkflowExecutionStartedEventAttributes.Identity, attributes.Identity);
        Assert.False(string.IsNullOrEmpty(attributes.Identity));
        Assert.Equal(WorkflowExecutionStatus.Terminated, Describe(handle).WorkflowExecutionInfo.Status);
        Assert.Equal(WorkflowState.Terminated, Ask<WorkflowStatus>(new GetWorkflowStatus(handle)).State);
    }

    public void Terminate_of_the_latest_run_without_a_reason_records_the_servers_default()
    {
        var handle = Start("terminate-2");

        var terminated = Ask<WorkflowTerminated>(new TerminateWorkflow(handle.WithoutRun()));

        Assert.Equal("", terminated.Handle.RunId);
        var attributes = History(handle)[^1].WorkflowExecutionTerminatedEventAttributes;
        Assert.Equal("terminated by user via frontend", attributes.Reason);
        Assert.Null(attributes.Details);
    }

    public void Terminate_of_a_closed_or_missing_run_is_NotFound()
    {
        var completed = Start("terminate-3");
        completeRun(completed);
        var terminated = Start("terminate-4");
        Ask<WorkflowTerminated>(new TerminateWorkflow(terminated, "once"));

        var closed = Failure(new TerminateWorkflow(completed, "too late"), ErrorKind.NotFound);
        var again = Failure(new TerminateWorkflow(terminated, "twice"), ErrorKind.NotFound);
        var missing = Failure(new TerminateWorkflow(WorkflowHandle.Latest("terminate-nobody")), ErrorKind.NotFound);

        Assert.Contains("workflow execution already completed", closed.Error.Message);
        Assert.Contains("workflow execution already completed", again.Error.Message);
        Assert.Contains("terminate-nobody", missing.Error.Message);
        Assert.Equal(EventType.WorkflowExecutionCompleted, History(completed)[^1].EventType);
    }

    public void Signal_with_start_on_a_new_id_starts_a_run_whose_history_has_the_signal_after_the_start()
    {
        var start = new StartWorkflow("OrderWorkflow", "sws-1", "order") { TaskQueue = "orders", SearchAttributes = SampleMessages.SearchAttributes() };

        var started = Ask<WorkflowStarted>(new SignalWithStartWorkflow(start, "approve", "alice", 2));

        Assert.True(started.Started);
        Assert.Equal(("default", "sws-1"), (started.Handle.Namespace, started.Handle.WorkflowId));
        Assert.True(Guid.TryParse(started.Handle.RunId, out _));
        var events = History(started.Handle);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled],
            events.Select(e => e.EventType));
        Assert.Equal("order", events[0].WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].ToValue<string>());
        var signal = events[1].WorkflowExecutionSignaledEventAttributes;
        Assert.Equal("approve", signal.SignalName);
        Assert.Equal("alice", signal.Input.Payloads_[0].ToValue<string>());
        Assert.Equal(2, signal.Input.Payloads_[1].ToValue<int>());
        Assert.Equal(start.RequestId, signal.RequestId);
        var info = Describe(started.Handle).WorkflowExecutionInfo;
        Assert.Equal(("OrderWorkflow", "orders"), (info.Type.Name, info.TaskQueue));
        MessageAssert.Equivalent(SampleMessages.SearchAttributes(), SearchAttributeValue.FromProto(info.SearchAttributes));
    }

    public void Signal_with_start_on_a_running_run_signals_it_and_starts_nothing()
    {
        var running = Start("sws-2");

        var started = Ask<WorkflowStarted>(new SignalWithStartWorkflow(new StartWorkflow("OtherWorkflow", "sws-2", "ignored"), "approve", "bob"));

        Assert.False(started.Started);
        Assert.Equal(running, started.Handle);
        var events = History(running);
        Assert.Single(events, e => e.EventType == EventType.WorkflowExecutionStarted);
        Assert.Equal("OrderWorkflow", events[0].WorkflowExecutionStartedEventAttributes.WorkflowType.Name);
        Assert.Equal(EventType.WorkflowExecutionSignaled, events[^1].EventType);
        Assert.Equal("bob", events[^1].WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].ToValue<string>());
        // One run of the id: no second start.
        Assert.Equal(running.RunId, Describe(running.WithoutRun()).WorkflowExecutionInfo.Execution.RunId);
    }

    public void Signal_with_start_retried_with_the_same_request_id_signals_once_and_answers_the_same_run()
    {
        var request = new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "sws-3"), "approve", "alice");

        var first = Ask<WorkflowStarted>(request);
        var retried = Ask<WorkflowStarted>(request);

        Assert.True(first.Started);
        // As the server answers a retry: the signal is found recorded, the run kept, started false.
        Assert.False(retried.Started);
        Assert.Equal(first.Handle, retried.Handle);
        Assert.Single(History(first.Handle), e => e.EventType == EventType.WorkflowExecutionSignaled);

        // A new message (a new request id) is a second signal.
        var second = Ask<WorkflowStarted>(request with { Start = request.Start with { RequestId = RequestIds.New() } });
        Assert.Equal(first.Handle, second.Handle);
        Assert.Equal(2, History(first.Handle).Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
    }

    public void TerminateExisting_replaces_the_running_run_and_Fail_is_refused_before_any_call()
    {
        var running = Start("sws-4");

        var replaced = Ask<WorkflowStarted>(new SignalWithStartWorkflow(
            new StartWorkflow("OrderWorkflow", "sws-4") { IdConflictPolicy = WorkflowIdConflictPolicy.TerminateExisting }, "approve"));
        var refused = Failure(new SignalWithStartWorkflow(
            new StartWorkflow("OrderWorkflow", "sws-4") { IdConflictPolicy = WorkflowIdConflictPolicy.Fail }, "approve"), ErrorKind.InvalidArgument);

        Assert.True(replaced.Started);
        Assert.NotEqual(running.RunId, replaced.Handle.RunId);
        var old = History(running)[^1];
        Assert.Equal(EventType.WorkflowExecutionTerminated, old.EventType);
        Assert.Equal("TerminateIfRunning WorkflowIdReusePolicy", old.WorkflowExecutionTerminatedEventAttributes.Reason);
        Assert.Equal($"terminated by new runID: {replaced.Handle.RunId}",
            old.WorkflowExecutionTerminatedEventAttributes.Details.Payloads_[0].ToValue<string>());
        Assert.Contains(History(replaced.Handle), e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Contains("SignalWithStartWorkflow.Start.IdConflictPolicy", refused.Error.Message);
    }

    public void On_a_closed_run_the_id_reuse_policy_decides()
    {
        var closed = Start("sws-5");
        completeRun(closed);

        var rejected = Failure(new SignalWithStartWorkflow(
            new StartWorkflow("OrderWorkflow", "sws-5") { IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate }, "approve"), ErrorKind.AlreadyStarted);
        var started = Ask<WorkflowStarted>(new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "sws-5"), "approve"));

        Assert.Equal(closed.RunId, rejected.Error.ExistingRunId);
        Assert.Contains("Workflow Id reuse policy: reject duplicate workflow Id", rejected.Error.Message);
        Assert.True(started.Started);
        Assert.NotEqual(closed.RunId, started.Handle.RunId);
    }

    public void A_signal_with_start_gives_a_run_waiting_out_its_start_delay_its_first_workflow_task_at_once()
    {
        var delayed = Ask<WorkflowStarted>(new StartWorkflow("OrderWorkflow", "sws-6") { StartDelay = TimeSpan.FromHours(1) }).Handle;
        Assert.Equal([EventType.WorkflowExecutionStarted], History(delayed).Select(e => e.EventType));
        Ask<WorkflowSignaled>(new SignalWorkflow(delayed, "plain"));
        // A plain signal does not end the delay.
        Assert.Equal(EventType.WorkflowExecutionSignaled, History(delayed)[^1].EventType);

        var signaled = Ask<WorkflowStarted>(new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "sws-6"), "approve"));

        Assert.False(signaled.Started);
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled],
            History(delayed).Select(e => e.EventType));
        // A new run started with a delay keeps it: the signal is recorded, the task waits.
        var fresh = Ask<WorkflowStarted>(new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "sws-7") { StartDelay = TimeSpan.FromHours(1) }, "approve"));
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled], History(fresh.Handle).Select(e => e.EventType));
    }

    public void Search_attributes_of_every_type_are_in_the_started_event_and_in_describe()
    {
        var attributes = SampleMessages.SearchAttributes();
        attributes["CustomerId"] = SearchAttributeValue.Keyword("alice");

        var handle = Ask<WorkflowStarted>(new StartWorkflow("OrderWorkflow", "sa-1") { SearchAttributes = attributes }).Handle;

        var described = SearchAttributeValue.FromProto(Describe(handle).WorkflowExecutionInfo.SearchAttributes);
        MessageAssert.Equivalent(attributes, described);
        var inEvent = History(handle)[0].WorkflowExecutionStartedEventAttributes.SearchAttributes;
        MessageAssert.Equivalent(attributes, SearchAttributeValue.FromProto(inEvent));
        Assert.Equal("json/plain", inEvent.IndexedFields["CustomerId"].Metadata["encoding"].ToStringUtf8());
        Assert.Equal("KeywordList", inEvent.IndexedFields["CustomKeywordListField"].Metadata["type"].ToStringUtf8());
    }

    public void Describe_of_a_run_without_search_attributes_shows_an_empty_message()
    {
        var handle = Start("sa-2");

        var info = Describe(handle).WorkflowExecutionInfo;

        Assert.NotNull(info.SearchAttributes);
        Assert.Empty(info.SearchAttributes.IndexedFields);
        Assert.NotNull(info.Memo);
    }

    // The server refuses them (INVALID_ARGUMENT); ErrorKind.InvalidArgument is for what Hourglass
    // refuses before any call, so the reply is an Rpc error carrying that code.
    public void A_search_attribute_the_namespace_does_not_know_or_of_another_type_is_refused_by_the_server()
    {
        var unknown = Failure(new StartWorkflow("OrderWorkflow", "sa-3")
        {
            SearchAttributes = new Dictionary<string, SearchAttributeValue> { ["Nope"] = SearchAttributeValue.Keyword("x") },
        }, ErrorKind.InvalidArgument);
        var mistyped = Failure(new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "sa-3")
        {
            SearchAttributes = new Dictionary<string, SearchAttributeValue> { ["CustomIntField"] = SearchAttributeValue.Keyword("alice") },
        }, "approve"), ErrorKind.InvalidArgument);

        Assert.Equal((3, 3), (unknown.Error.GrpcCode, mistyped.Error.GrpcCode));
        Assert.Contains("search attribute Nope is not defined", unknown.Error.Message);
        Assert.Contains("invalid value for search attribute CustomIntField of type Int: alice", mistyped.Error.Message);
        // Nothing started.
        Failure(new DescribeWorkflow(WorkflowHandle.Latest("sa-3")), ErrorKind.NotFound);
    }

    private WorkflowHandle Start(string workflowId) =>
        Ask<WorkflowStarted>(new StartWorkflow("OrderWorkflow", workflowId, "input") { TaskQueue = "orders" }).Handle;

    private IReadOnlyList<HistoryEvent> History(WorkflowHandle handle) => Ask<HistoryFetched>(new FetchHistory(handle)).History.Events;

    private DescribeWorkflowExecutionResponse Describe(WorkflowHandle handle) => Ask<WorkflowDescribed>(new DescribeWorkflow(handle)).Response;

    private TReply Ask<TReply>(IHourglassRequest request)
    {
        hourglass.Tell(request, kit.TestActor);
        var reply = kit.ExpectMsg<object>(Wait);
        return reply is TReply typed ? typed : throw new Xunit.Sdk.XunitException($"{request.GetType().Name} was answered {reply}");
    }

    private OperationFailed Failure(IHourglassRequest request, ErrorKind kind)
    {
        hourglass.Tell(request, kit.TestActor);
        var failed = kit.ExpectMsg<OperationFailed>(Wait);
        Assert.True(failed.Error.Kind == kind, $"expected {kind}, got {failed.Error}");
        return failed;
    }
}
