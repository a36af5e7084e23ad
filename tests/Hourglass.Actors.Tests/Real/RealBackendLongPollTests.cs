using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>
/// Awaits and watches through the real backend: history long polls of the Temporalio client against
/// the fake frontend, as many as the run needs and no more.
/// </summary>
public sealed class RealBackendLongPollTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private WorkflowHandle Start(string id)
    {
        Router.Tell(new StartWorkflow("OrderWorkflow", id) { TaskQueue = "orders" });
        return ExpectMsg<WorkflowStarted>(Patience).Handle;
    }

    private IReadOnlyList<GetWorkflowExecutionHistoryRequest> Polls(string workflowId) =>
        Server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Where(r => r.Execution.WorkflowId == workflowId && r.WaitNewEvent).ToArray();

    [Fact]
    public async Task An_await_is_one_close_event_long_poll_answered_when_the_run_closes()
    {
        var handle = Start("lp-await");
        Router.Tell(new AwaitWorkflow(handle, Patience));
        await Server.WaitForRequestAsync(r => r.Request is GetWorkflowExecutionHistoryRequest { WaitNewEvent: true }, new CancellationTokenSource(Patience).Token);

        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "lp-await", RunId = handle.RunId }, HourglassPayload.ToPayloads([HourglassPayload.From(7)]));

        Assert.Equal(7, ExpectMsg<WorkflowClosed>(Patience).ResultAs<int>());
        var poll = Assert.Single(Polls("lp-await"));
        Assert.Equal((HistoryEventFilterType.CloseEvent, handle.RunId), (poll.HistoryEventFilterType, poll.Execution.RunId));
        Assert.Empty(Server.RequestsOf<DescribeWorkflowExecutionRequest>()); // the run id was known: no describe
    }

    [Fact]
    public void An_await_of_a_long_closed_run_is_one_call()
    {
        var handle = Start("lp-closed");
        for (var i = 0; i < 600; i++) Server.Temporal.SignalWorkflowExecution(new() { Namespace = "default", WorkflowExecution = new() { WorkflowId = "lp-closed" }, SignalName = "s", RequestId = $"r{i}" });
        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "lp-closed" }, null);
        var before = Server.Requests.Count;

        Router.Tell(new AwaitWorkflow(handle, Patience));

        Assert.Equal(WorkflowState.Completed, ExpectMsg<WorkflowClosed>(Patience).Status.State);
        Assert.Equal(1, Server.Requests.Count - before);
    }

    [Fact]
    public void An_await_polls_again_after_each_empty_page_and_times_out_with_the_last_status()
    {
        Server.Temporal.LongPollInterval = TimeSpan.FromMilliseconds(300);
        var handle = Start("lp-open");
        var before = Server.Requests.Count;

        Router.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(2)));

        var failed = ExpectMsg<OperationFailed>(Patience);
        Assert.Equal(ErrorKind.Timeout, failed.Error.Kind);
        Assert.Equal(WorkflowState.Running, failed.Error.LastStatus!.State);
        // ⌈2 s / 0.3 s⌉ long polls at most, and one describe for the last status: ⌈T / interval⌉ + 1 RPCs.
        Assert.InRange(Polls("lp-open").Count, 2, 7);
        Assert.Single(Server.RequestsOf<DescribeWorkflowExecutionRequest>());
        Assert.Equal(Polls("lp-open").Count + 1, Server.Requests.Count - before);
        Assert.All(Polls("lp-open").Skip(1), p => Assert.False(p.NextPageToken.IsEmpty));
    }

    [Fact]
    public void An_await_past_its_deadline_polls_no_more_while_its_last_status_is_read()
    {
        Server.Temporal.LongPollInterval = TimeSpan.FromMilliseconds(250);
        var handle = Start("lp-due");
        // The describe for the last status is slow: the long poll out at the deadline ends meanwhile.
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.Delayed(TimeSpan.FromMilliseconds(600)));
        var before = Server.Requests.Count;

        Router.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(1)));

        var failed = ExpectMsg<OperationFailed>(Patience);
        Assert.Equal(ErrorKind.Timeout, failed.Error.Kind);
        Assert.Equal(WorkflowState.Running, failed.Error.LastStatus!.State);
        // ⌈1 s / 0.25 s⌉ long polls at most and the describe: ⌈T / interval⌉ + 1 RPCs.
        Assert.InRange(Polls("lp-due").Count, 1, 4);
        Assert.Equal(Polls("lp-due").Count + 1, Server.Requests.Count - before);
    }

    [Fact]
    public void A_watch_through_the_real_backend_sees_the_events_as_the_server_writes_them()
    {
        var handle = Start("lp-watch");
        var subscriber = CreateTestProbe();
        Router.Tell(new WatchWorkflow(handle), subscriber);
        Assert.Equal(1, subscriber.ExpectMsg<WorkflowEventsAppended>(Patience).Events[0].EventId);

        Server.Temporal.SignalWorkflowExecution(new() { Namespace = "default", WorkflowExecution = new() { WorkflowId = "lp-watch" }, SignalName = "live", RequestId = "live-1" });
        var live = subscriber.FishForMessage<WorkflowEventsAppended>(a => a.Events.Any(e => e.EventType == EventType.WorkflowExecutionSignaled), Patience);
        Assert.Equal("live", live.Events.First(e => e.EventType == EventType.WorkflowExecutionSignaled).WorkflowExecutionSignaledEventAttributes.SignalName);

        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "lp-watch" }, null);
        var ended = subscriber.FishForMessage<WorkflowWatchEnded>(_ => true, Patience);
        Assert.Equal(WorkflowState.Completed, ended.State);
        Assert.All(Polls("lp-watch"), p => Assert.Equal(HistoryEventFilterType.AllEvent, p.HistoryEventFilterType));
    }

    [Fact]
    public void Long_polls_do_not_use_up_max_in_flight()
    {
        var router = StartRouter("hourglass.real.max-in-flight = 2");
        for (var i = 0; i < 5; i++)
        {
            router.Tell(new StartWorkflow("T", $"lp-bound-{i}"));
            var handle = ExpectMsg<WorkflowStarted>(Patience).Handle;
            router.Tell(new AwaitWorkflow(handle, Patience), CreateTestProbe());
        }
        AwaitAssert(() => Assert.Equal(5, Server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Count(r => r.WaitNewEvent)), Patience);

        // Five long polls wait; short calls still go through.
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("lp-bound-0")));
        ExpectMsg<WorkflowDescribed>(Patience);
    }
}
