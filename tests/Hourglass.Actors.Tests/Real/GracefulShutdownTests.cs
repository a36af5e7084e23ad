using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>CoordinatedShutdown lets the operations in flight finish before the actors stop.</summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    [Fact]
    public async Task Operations_in_flight_get_their_real_answer_when_the_node_shuts_down()
    {
        var (node, hourglass, caller) = StartNode("draining");
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.Delayed(TimeSpan.FromSeconds(1)), times: null);

        hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("slow-1")), caller);
        hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("slow-2")), caller);
        await Server.WaitForRequestAsync<DescribeWorkflowExecutionRequest>(r => r.Execution.WorkflowId == "slow-2");
        var shutdown = CoordinatedShutdown.Get(node).Run(CoordinatedShutdown.UnknownReason.Instance);

        // The server's own answers (NotFound), not BackendFailed from actors stopped mid-call.
        var answers = new[] { caller.ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(5)), caller.ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(5)) };
        Assert.All(answers, a => Assert.Equal(ErrorKind.NotFound, a.Error.Kind));
        await shutdown;
        Assert.True(node.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task A_node_shutting_down_refuses_new_operations()
    {
        var (node, hourglass, caller) = StartNode("refusing");
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.Delayed(TimeSpan.FromSeconds(2)), times: 1);
        hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("holding")), caller);
        await Server.WaitForRequestAsync<DescribeWorkflowExecutionRequest>();

        var shutdown = CoordinatedShutdown.Get(node).Run(CoordinatedShutdown.UnknownReason.Instance);
        // Until the drain begins a late operation is still served (NotFound); once it has begun,
        // it is refused at once. The held one is answered either way.
        await AwaitAssertAsync(() =>
        {
            hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("late")), caller);
            var late = caller.FishForMessage<OperationFailed>(f => f.Request is DescribeWorkflow { Handle.WorkflowId: "late" }, TimeSpan.FromSeconds(3));
            Assert.Equal(ErrorKind.BackendFailed, late.Error.Kind);
            Assert.Contains("shutting down", late.Error.Message);
        }, TimeSpan.FromSeconds(5));
        await shutdown;
    }

    [Fact]
    public async Task An_await_still_waiting_when_the_node_shuts_down_is_told_to_go_to_another_node()
    {
        // A long poll is in flight to the end of the drain: a short drain keeps the test short.
        var (node, hourglass, caller) = StartNode("awaiting", drain: "2s");
        hourglass.Tell(new StartWorkflow("OrderWorkflow", "long-1"), caller);
        var handle = caller.ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(5)).Handle;
        hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromMinutes(5)), caller);
        await Server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(r => r.WaitNewEvent && r.Execution.WorkflowId == "long-1");

        var shutdown = CoordinatedShutdown.Get(node).Run(CoordinatedShutdown.UnknownReason.Instance);

        var failed = caller.ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(15));
        Assert.IsType<AwaitWorkflow>(failed.Request);
        Assert.Equal(ErrorKind.BackendFailed, failed.Error.Kind);
        Assert.Equal("this Hourglass node is shutting down; send the operation to another node", failed.Error.Message);
        caller.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        await shutdown;
    }

    /// <summary>A node of its own (so the test can shut it down) on the real backend, and a caller on it.</summary>
    private (ActorSystem Node, IActorRef Hourglass, TestProbe Caller) StartNode(string name, string drain = "10s")
    {
        var node = ActorSystem.Create(name, ConfigurationFactory.ParseString($$"""
            hourglass.client-backend = real
            hourglass.real.target-host = "{{Server.Target}}"
            akka.coordinated-shutdown.phases.service-requests-done.timeout = {{drain}}
            """).WithFallback(TestConfig()));
        return (node, node.StartHourglass(), new TestProbe(node, new XunitAssertions()));
    }
}
