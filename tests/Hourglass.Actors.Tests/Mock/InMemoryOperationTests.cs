using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Xunit;
using Xunit.Abstractions;

namespace Hourglass.Tests.Mock;

/// <summary>Every operation against the in-memory Temporal, through the ClientBackendActor on the test profile.</summary>
public sealed class InMemoryOperationTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public void Start_answers_a_handle_with_a_uuid_run_id_in_the_default_namespace()
    {
        var handle = StartOne("order-1", "OrderWorkflow", 42, "eur");

        Assert.Equal("default", handle.Namespace);
        Assert.Equal("order-1", handle.WorkflowId);
        Assert.True(Guid.TryParse(handle.RunId, out _));
    }

    [Fact]
    public void Describe_reflects_the_started_workflow()
    {
        var start = new StartWorkflow("OrderWorkflow", "order-2", 7) { TaskQueue = "orders", Memo = new Dictionary<string, Temporalio.Api.Common.V1.Payload> { ["owner"] = HourglassPayload.From("ops") } };
        Hourglass.Tell(start);
        var handle = ExpectMsg<WorkflowStarted>().Handle;

        Hourglass.Tell(new DescribeWorkflow(handle.WithoutRun()));
        var described = ExpectMsg<WorkflowDescribed>();

        var info = described.Response.WorkflowExecutionInfo;
        Assert.Equal(handle.RunId, info.Execution.RunId);
        Assert.Equal("OrderWorkflow", info.Type.Name);
        Assert.Equal("orders", info.TaskQueue);
        Assert.Equal(WorkflowExecutionStatus.Running, info.Status);
        Assert.Equal("ops", info.Memo.Fields["owner"].ToValue<string>());
        Assert.Equal(2, info.HistoryLength);
        Assert.NotNull(info.StartTime);
        Assert.Equal("orders", described.Response.ExecutionConfig.TaskQueue.Name);
    }

    [Fact]
    public void Duplicate_start_of_a_running_id_answers_AlreadyStarted_with_the_existing_run_id()
    {
        var first = StartOne("order-3");

        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-3"));
        var failed = ExpectFailure(ErrorKind.AlreadyStarted);

        Assert.Equal(first.RunId, failed.Error.ExistingRunId);
        Assert.IsType<StartWorkflow>(failed.Request);
    }

    [Fact]
    public void A_repeated_start_with_the_same_request_id_is_the_same_run()
    {
        var start = new StartWorkflow("OrderWorkflow", "order-4");
        Hourglass.Tell(start);
        var first = ExpectMsg<WorkflowStarted>().Handle;

        Hourglass.Tell(start);
        var again = ExpectMsg<WorkflowStarted>().Handle;

        Assert.Equal(first, again);
    }

    [Fact]
    public void Reject_duplicate_policy_refuses_a_new_run_after_close()
    {
        var handle = StartOne("order-5");
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<MockWorkflowUpdated>();

        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-5") { IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate });
        ExpectFailure(ErrorKind.AlreadyStarted);

        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-5"));
        var second = ExpectMsg<WorkflowStarted>().Handle;
        Assert.NotEqual(handle.RunId, second.RunId);
    }

    [Fact]
    public void Signal_is_recorded_in_history_with_its_name_and_input()
    {
        var handle = StartOne("order-6");

        Hourglass.Tell(new SignalWorkflow(handle, "approve", "alice", 3));
        var signaled = ExpectMsg<WorkflowSignaled>();
        Assert.Equal("approve", signaled.SignalName);

        Hourglass.Tell(new FetchHistory(handle));
        var history = ExpectMsg<HistoryFetched>().History;
        var e = Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Equal("approve", e.WorkflowExecutionSignaledEventAttributes.SignalName);
        Assert.Equal("alice", e.WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].ToValue<string>());
        Assert.Equal(3, e.WorkflowExecutionSignaledEventAttributes.Input.Payloads_[1].ToValue<int>());
        Assert.Equal(MockBackendActor.Identity, e.WorkflowExecutionSignaledEventAttributes.Identity);
    }

    [Fact]
    public void History_events_have_sequential_ids_times_and_attributes()
    {
        var handle = StartOne("order-7", "OrderWorkflow", "input");

        Hourglass.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>().History.Events;

        Assert.Equal(new long[] { 1, 2 }, events.Select(e => e.EventId));
        Assert.Equal(EventType.WorkflowExecutionStarted, events[0].EventType);
        Assert.Equal("OrderWorkflow", events[0].WorkflowExecutionStartedEventAttributes.WorkflowType.Name);
        Assert.Equal("input", events[0].WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].ToValue<string>());
        Assert.Equal(handle.RunId, events[0].WorkflowExecutionStartedEventAttributes.OriginalExecutionRunId);
        Assert.All(events, e => Assert.NotNull(e.EventTime));
        Assert.Equal(EventType.WorkflowTaskScheduled, events[1].EventType);
    }

    [Fact]
    public void Cancel_records_the_reason_and_leaves_the_workflow_Running_until_the_worker_honours_it()
    {
        var handle = StartOne("order-8");

        Hourglass.Tell(new CancelWorkflow(handle, "customer changed their mind"));
        ExpectMsg<CancelRequested>();

        Hourglass.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>().History.Events;
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionCancelRequested],
            events.Select(e => e.EventType));
        Assert.Equal("customer changed their mind", events[2].WorkflowExecutionCancelRequestedEventAttributes.Cause);
        Hourglass.Tell(new DescribeWorkflow(handle));
        var described = ExpectMsg<WorkflowDescribed>().Response;
        Assert.Equal(WorkflowExecutionStatus.Running, described.WorkflowExecutionInfo.Status);
        Assert.True(described.WorkflowExtendedInfo.CancelRequested);

        // A second request is a no-op, answered as the first.
        Hourglass.Tell(new CancelWorkflow(handle, "again"));
        ExpectMsg<CancelRequested>();

        Hourglass.Tell(new HonourCancel(handle, (object?)"refunded"));
        Assert.Equal(handle, ExpectMsg<MockWorkflowUpdated>().Handle);
        Hourglass.Tell(new FetchHistory(handle));
        events = ExpectMsg<HistoryFetched>().History.Events;
        Assert.Equal(
            [EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowExecutionCancelRequested,
             EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCanceled],
            events.Select(e => e.EventType));
        var canceled = events[5].WorkflowExecutionCanceledEventAttributes;
        Assert.Equal((5L, "refunded"), (canceled.WorkflowTaskCompletedEventId, canceled.Details.Payloads_[0].ToValue<string>()));
        Hourglass.Tell(new DescribeWorkflow(handle));
        Assert.Equal(WorkflowExecutionStatus.Canceled, ExpectMsg<WorkflowDescribed>().Response.WorkflowExecutionInfo.Status);

        // Cancelling a closed run is OK too (a no-op), as on a server.
        Hourglass.Tell(new CancelWorkflow(handle, "late"));
        ExpectMsg<CancelRequested>();
    }

    [Fact]
    public void Unknown_workflow_answers_NotFound_for_every_handle_operation()
    {
        var handle = new WorkflowHandle("default", "nobody");
        foreach (IHourglassOperation op in new IHourglassOperation[]
                 {
                     new DescribeWorkflow(handle), new FetchHistory(handle),
                     new SignalWorkflow(handle, "ping"), new CancelWorkflow(handle),
                     new GetWorkflowStatus(handle),
                 })
        {
            Hourglass.Tell(op);
            var failed = ExpectFailure(ErrorKind.NotFound);
            MessageAssert.Equivalent(op, failed.Request);
        }
    }

    [Fact]
    public void Unknown_run_id_answers_NotFound()
    {
        var handle = StartOne("order-9");

        Hourglass.Tell(new DescribeWorkflow(handle with { RunId = Guid.NewGuid().ToString() }));

        ExpectFailure(ErrorKind.NotFound);
    }

    [Fact]
    public void Signal_to_a_closed_workflow_answers_NotFound()
    {
        var handle = StartOne("order-10");
        Hourglass.Tell(new TerminateInMock(handle, "done with it"));
        ExpectMsg<MockWorkflowUpdated>();

        Hourglass.Tell(new SignalWorkflow(handle, "late"));

        ExpectFailure(ErrorKind.NotFound);
    }

    [Fact]
    public void Operations_in_an_unknown_namespace_answer_NamespaceNotFound()
    {
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "x") { Namespace = "nowhere" });
        var failed = ExpectFailure(ErrorKind.NamespaceNotFound);
        Assert.Contains("nowhere", failed.Error.Detail);

        Hourglass.Tell(new DescribeWorkflow(new WorkflowHandle("nowhere", "x")));
        ExpectFailure(ErrorKind.NamespaceNotFound);
    }

    [Fact]
    public void EnsureNamespace_registers_once_and_then_reports_it_existed()
    {
        Hourglass.Tell(new EnsureNamespace("billing"));
        Assert.Equal(new NamespaceEnsured("billing", Created: true), ExpectMsg<NamespaceEnsured>());

        Hourglass.Tell(new EnsureNamespace("billing"));
        Assert.Equal(new NamespaceEnsured("billing", Created: false), ExpectMsg<NamespaceEnsured>());

        Hourglass.Tell(new EnsureNamespace("default"));
        Assert.False(ExpectMsg<NamespaceEnsured>().Created);

        var handle = StartOne("in-billing", "T") ;
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "b-1") { Namespace = "billing" });
        Assert.Equal("billing", ExpectMsg<WorkflowStarted>().Handle.Namespace);
        Assert.Equal("default", handle.Namespace);
    }

    [Fact]
    public void Operations_honour_the_handle_namespace_and_run_id()
    {
        Hourglass.Tell(new EnsureNamespace("tenant-a"));
        ExpectMsg<NamespaceEnsured>();
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "same-id") { Namespace = "tenant-a" });
        var inA = ExpectMsg<WorkflowStarted>().Handle;
        var inDefault = StartOne("same-id");

        Hourglass.Tell(new SignalWorkflow(inA, "only-a"));
        ExpectMsg<WorkflowSignaled>();
        Hourglass.Tell(new CancelWorkflow(inA, "a only"));
        ExpectMsg<CancelRequested>();
        Hourglass.Tell(new HonourCancel(inA));
        ExpectMsg<MockWorkflowUpdated>();

        Hourglass.Tell(new DescribeWorkflow(inDefault));
        Assert.Equal(WorkflowExecutionStatus.Running, ExpectMsg<WorkflowDescribed>().Response.WorkflowExecutionInfo.Status);
        Hourglass.Tell(new FetchHistory(inDefault));
        Assert.DoesNotContain(ExpectMsg<HistoryFetched>().History.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);

        // A new run of the same id: the old run id still reads the old run.
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "same-id") { Namespace = "tenant-a" });
        var second = ExpectMsg<WorkflowStarted>().Handle;
        Hourglass.Tell(new FetchHistory(inA));
        Assert.Contains(ExpectMsg<HistoryFetched>().History.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Hourglass.Tell(new FetchHistory(second));
        Assert.DoesNotContain(ExpectMsg<HistoryFetched>().History.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
    }

    [Fact]
    public void Mock_controls_on_an_unknown_workflow_answer_NotFound()
    {
        Hourglass.Tell(new CompleteWorkflow(WorkflowHandle.Latest("ghost"), (object?)null));
        ExpectFailure(ErrorKind.NotFound);
    }
}
