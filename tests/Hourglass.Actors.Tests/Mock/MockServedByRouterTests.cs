using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Mock;

/// <summary>
/// The router serves the built-in mock itself for the senders that have no script, and sends a
/// scripted sender's messages on to the mock actor: whichever serves them, each message takes effect
/// in the order it was sent, and every operation is answered exactly once, those that wait included.
/// </summary>
public sealed class MockServedByRouterTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public void A_script_line_sent_just_before_an_operation_covers_it()
    {
        var handle = StartOne("line-first");

        // Neither waits for the other's answer.
        Hourglass.Tell(MockScript.Expect<DescribeWorkflow>(_ => HourglassError.NotFound("scripted")));
        Hourglass.Tell(new DescribeWorkflow(handle));

        ExpectMsg<MockScriptAccepted>();
        Assert.Equal("scripted", ExpectFailure(ErrorKind.NotFound).Error.Message);
    }

    [Fact]
    public void An_operation_sent_just_after_a_reset_is_served_by_the_in_memory_Temporal()
    {
        var handle = StartOne("reset-first");
        Hourglass.Tell(MockScript.Stub<DescribeWorkflow>(_ => HourglassError.NotFound("scripted")));
        ExpectMsg<MockScriptAccepted>();
        Hourglass.Tell(new DescribeWorkflow(handle));
        ExpectFailure(ErrorKind.NotFound);

        Hourglass.Tell(MockScript.Reset());
        Hourglass.Tell(new DescribeWorkflow(handle));

        // The reset's answer comes from the mock actor, the describe's from the router: in either order.
        var replies = ReceiveN(2);
        Assert.Contains(replies, r => r is MockScriptAccepted { Description: "reset" });
        Assert.Equal(handle.RunId, Assert.Single(replies.OfType<WorkflowDescribed>()).Response.WorkflowExecutionInfo.Execution.RunId);
    }

    [Fact]
    public void A_control_sent_just_before_a_describe_is_seen_by_it()
    {
        var handle = StartOne("control-first");

        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        Hourglass.Tell(new DescribeWorkflow(handle));

        ExpectMsg<MockWorkflowUpdated>();
        Assert.Equal(WorkflowExecutionStatusCompleted, ExpectMsg<WorkflowDescribed>().Response.WorkflowExecutionInfo.Status);
    }

    [Fact]
    public void A_scripted_senders_control_sent_just_before_its_operation_is_seen_by_it()
    {
        var handle = StartOne("scripted-control-first");
        Hourglass.Tell(MockScript.PassThrough<DescribeWorkflow>());
        ExpectMsg<MockScriptAccepted>();

        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        Hourglass.Tell(new DescribeWorkflow(handle));

        ExpectMsg<MockWorkflowUpdated>();
        Assert.Equal(WorkflowExecutionStatusCompleted, ExpectMsg<WorkflowDescribed>().Response.WorkflowExecutionInfo.Status);
    }

    [Fact]
    public void An_operation_the_in_memory_Temporal_answers_later_is_answered_when_it_can_be()
    {
        var handle = StartOne("held-query");
        var client = CreateTestProbe();

        // No worker has answered the query yet: it waits, as on a server.
        Hourglass.Tell(new QueryWorkflow(handle, "progress"), client);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Hourglass.Tell(new AnswerQuery(handle.WithoutRun(), "progress", QueryAnswer.Of(7)));
        ExpectMsg<MockWorkflowUpdated>();

        Assert.Equal(7, client.ExpectMsg<WorkflowQueried>().ResultAs<int>());
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public void An_operation_held_when_the_router_goes_is_answered_BackendFailed_once(string how)
    {
        var handle = StartOne("held-" + how);
        var client = CreateTestProbe();
        Hourglass.Tell(new QueryWorkflow(handle, "progress"), client);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Hourglass.Tell(Blows.Of(how));

        var failed = client.ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(5));
        Assert.IsType<QueryWorkflow>(failed.Request);
        Assert.Equal(ErrorKind.BackendFailed, failed.Error.Kind);
        // The router made again serves on; the query a worker answers now is no one's any more.
        AwaitAssert(() =>
        {
            Hourglass.Tell(new AnswerQuery(handle.WithoutRun(), "progress", QueryAnswer.Of(7)));
            ExpectMsg<MockWorkflowUpdated>(TimeSpan.FromMilliseconds(500));
        }, TimeSpan.FromSeconds(5));
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task An_operation_held_when_the_node_shuts_down_gets_its_real_answer()
    {
        var node = ActorSystem.Create("mock-draining", ConfigurationFactory.ParseString(
            "akka.coordinated-shutdown.phases.service-requests-done.timeout = 10s").WithFallback(TestConfig()));
        var hourglass = node.StartHourglass();
        var caller = new TestProbe(node, new XunitAssertions());
        hourglass.Tell(new StartWorkflow("OrderWorkflow", "drained"), caller);
        var handle = caller.ExpectMsg<WorkflowStarted>().Handle;
        hourglass.Tell(new QueryWorkflow(handle, "progress"), caller);
        caller.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        var shutdown = CoordinatedShutdown.Get(node).Run(CoordinatedShutdown.UnknownReason.Instance);
        // Once the drain has begun, new operations are refused; the held query is waited for.
        await AwaitAssertAsync(() =>
        {
            hourglass.Tell(new DescribeWorkflow(handle), caller);
            var late = caller.ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(1));
            Assert.Contains("shutting down", late.Error.Message);
        }, TimeSpan.FromSeconds(5));
        hourglass.Tell(new AnswerQuery(handle.WithoutRun(), "progress", QueryAnswer.Of(3)), caller);

        var answers = caller.ReceiveN(2, TimeSpan.FromSeconds(5));
        Assert.Contains(answers, a => a is MockWorkflowUpdated);
        Assert.Equal(3, Assert.Single(answers.OfType<WorkflowQueried>()).ResultAs<int>());
        await shutdown;
        Assert.True(node.WhenTerminated.IsCompleted);
    }

    private const Temporalio.Api.Enums.V1.WorkflowExecutionStatus WorkflowExecutionStatusCompleted =
        Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Completed;
}
