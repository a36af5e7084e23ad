using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>Every operation through the ClientBackendActor, the real backend and the Temporalio client, against the fake frontend.</summary>
public sealed class RealBackendOperationTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private WorkflowHandle Start(string id, string? ns = null)
    {
        Router.Tell(new StartWorkflow("OrderWorkflow", id, "input") { Namespace = ns, TaskQueue = "orders" });
        return ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10)).Handle;
    }

    [Fact]
    public void Start_sends_every_field_and_answers_the_servers_run_id()
    {
        var start = new StartWorkflow("OrderWorkflow", "real-1", 42, "eur")
        {
            TaskQueue = "orders",
            IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
            ExecutionTimeout = TimeSpan.FromHours(1),
            RunTimeout = TimeSpan.FromMinutes(30),
            TaskTimeout = TimeSpan.FromSeconds(20),
            RetryPolicy = new RetryPolicy { MaximumAttempts = 3 },
            Memo = new Dictionary<string, Payload> { ["team"] = HourglassPayload.From("payments") },
            StartDelay = TimeSpan.FromSeconds(5),
        };
        Router.Tell(start);
        var handle = ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10)).Handle;

        var sent = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.Equal(handle.RunId, Server.Temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = new() { WorkflowId = "real-1" } })
            .WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(("default", "real-1", "OrderWorkflow", "orders"), (sent.Namespace, sent.WorkflowId, sent.WorkflowType.Name, sent.TaskQueue.Name));
        Assert.Equal(start.RequestId, sent.RequestId);
        Assert.Equal(42, sent.Input.Payloads_[0].ToValue<int>());
        Assert.Equal(WorkflowIdReusePolicy.RejectDuplicate, sent.WorkflowIdReusePolicy);
        Assert.Equal(TimeSpan.FromHours(1), sent.WorkflowExecutionTimeout.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMinutes(30), sent.WorkflowRunTimeout.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(20), sent.WorkflowTaskTimeout.ToTimeSpan());
        Assert.Equal(3, sent.RetryPolicy.MaximumAttempts);
        Assert.Equal("payments", sent.Memo.Fields["team"].ToValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(5), sent.WorkflowStartDelay.ToTimeSpan());
        Assert.False(string.IsNullOrEmpty(sent.Identity));
    }

    [Fact]
    public void Describe_and_history_honour_the_namespace_and_run_id()
    {
        Router.Tell(new EnsureNamespace("tenant-b"));
        ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10));
        var handle = Start("real-2", "tenant-b");

        Router.Tell(new DescribeWorkflow(handle));
        var described = ExpectMsg<WorkflowDescribed>(TimeSpan.FromSeconds(10));
        Assert.Equal(handle.RunId, described.Response.WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(WorkflowExecutionStatus.Running, described.Response.WorkflowExecutionInfo.Status);

        Router.Tell(new FetchHistory(handle));
        Assert.Equal(EventType.WorkflowExecutionStarted, ExpectMsg<HistoryFetched>(TimeSpan.FromSeconds(10)).History.Events[0].EventType);

        var describe = Assert.Single(Server.RequestsOf<DescribeWorkflowExecutionRequest>());
        Assert.Equal(("tenant-b", "real-2", handle.RunId), (describe.Namespace, describe.Execution.WorkflowId, describe.Execution.RunId));
        var history = Assert.Single(Server.RequestsOf<GetWorkflowExecutionHistoryRequest>());
        Assert.Equal(("tenant-b", handle.RunId, false), (history.Namespace, history.Execution.RunId, history.WaitNewEvent));
    }

    [Fact]
    public void Signal_and_cancel_send_the_namespace_run_id_name_reason_and_request_id()
    {
        Router.Tell(new EnsureNamespace("tenant-c"));
        ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10));
        var handle = Start("real-3", "tenant-c");

        var signal = new SignalWorkflow(handle, "approve", "alice");
        Router.Tell(signal);
        Assert.Equal("approve", ExpectMsg<WorkflowSignaled>(TimeSpan.FromSeconds(10)).SignalName);
        var cancel = new CancelWorkflow(handle, "customer asked");
        Router.Tell(cancel);
        ExpectMsg<CancelRequested>(TimeSpan.FromSeconds(10));

        var sentSignal = Assert.Single(Server.RequestsOf<SignalWorkflowExecutionRequest>());
        Assert.Equal(("tenant-c", "real-3", handle.RunId, "approve", signal.RequestId),
            (sentSignal.Namespace, sentSignal.WorkflowExecution.WorkflowId, sentSignal.WorkflowExecution.RunId, sentSignal.SignalName, sentSignal.RequestId));
        Assert.Equal("alice", sentSignal.Input.Payloads_[0].ToValue<string>());
        var sentCancel = Assert.Single(Server.RequestsOf<RequestCancelWorkflowExecutionRequest>());
        Assert.Equal(("tenant-c", handle.RunId, "customer asked", cancel.RequestId),
            (sentCancel.Namespace, sentCancel.WorkflowExecution.RunId, sentCancel.Reason, sentCancel.RequestId));
    }

    [Fact]
    public void A_three_page_history_arrives_whole()
    {
        Server.Temporal.HistoryPageSize = 3;
        var handle = Start("real-paged");
        for (var i = 0; i < 5; i++)
        {
            Router.Tell(new SignalWorkflow(handle, $"s{i}"));
            ExpectMsg<WorkflowSignaled>(TimeSpan.FromSeconds(10));
        }

        Router.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>(TimeSpan.FromSeconds(10)).History.Events;

        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), events.Select(e => e.EventId));
        var pages = Server.RequestsOf<GetWorkflowExecutionHistoryRequest>();
        Assert.Equal(3, pages.Count);
        Assert.True(pages[0].NextPageToken.IsEmpty);
        Assert.All(pages.Skip(1), p => Assert.False(p.NextPageToken.IsEmpty));
    }

    [Fact]
    public void Status_and_await_decode_the_servers_answers_with_the_shared_decoder()
    {
        var handle = Start("real-4");
        Server.Temporal.RecordActivityFailure("default", new() { WorkflowId = "real-4" }, "Charge", 3, Backends.Mock.MockFailures.Application("declined"));

        Router.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));
        var status = ExpectMsg<WorkflowStatus>(TimeSpan.FromSeconds(10));
        Assert.Equal(WorkflowState.Running, status.State);
        Assert.Equal(("Charge", 3), (status.RecentFailures![0].ActivityType, status.RecentFailures[0].Attempt));

        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "real-4" }, new Payloads { Payloads_ = { HourglassPayload.From("done") } });
        Router.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20)));
        Assert.Equal("done", ExpectMsg<WorkflowClosed>(TimeSpan.FromSeconds(15)).ResultAs<string>());
    }

    [Fact]
    public void EnsureNamespace_registers_with_the_retention_and_then_finds_it()
    {
        Router.Tell(new EnsureNamespace("fresh") { Retention = TimeSpan.FromDays(7) });
        Assert.True(ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10)).Created);
        Router.Tell(new EnsureNamespace("fresh"));
        Assert.False(ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10)).Created);

        var register = Assert.Single(Server.RequestsOf<RegisterNamespaceRequest>());
        Assert.Equal(("fresh", TimeSpan.FromDays(7)), (register.Namespace, register.WorkflowExecutionRetentionPeriod.ToTimeSpan()));
    }

    [Fact]
    public void Two_concurrent_ensures_both_succeed_and_one_registers()
    {
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        Router.Tell(new EnsureNamespace("raced"), a);
        Router.Tell(new EnsureNamespace("raced"), b);

        var results = new[] { a.ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10)), b.ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10)) };

        Assert.All(results, r => Assert.Equal("raced", r.Name));
        Assert.Single(results, r => r.Created);
        Assert.True(Server.Temporal.HasNamespace("raced"));
    }

    [Fact]
    public void A_register_that_loses_the_race_is_success_and_waits_until_describe_sees_it()
    {
        // Describe says "missing" three times: before the register and twice after it.
        Server.InjectFault("DescribeNamespace", FakeTemporal.FakeFault.Error(Temporalio.Exceptions.RpcException.StatusCode.NotFound,
            "Namespace late is not found.", new Temporalio.Api.ErrorDetails.V1.NamespaceNotFoundFailure { Namespace = "late" }), times: 3);
        Server.Temporal.RegisterNamespace(new() { Namespace = "late", WorkflowExecutionRetentionPeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(1)) });

        Router.Tell(new EnsureNamespace("late"));

        Assert.Equal(new NamespaceEnsured("late", Created: false), ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10)));
        Assert.Equal(4, Server.RequestsOf<DescribeNamespaceRequest>().Count);
        Assert.Single(Server.RequestsOf<RegisterNamespaceRequest>());
    }
}
