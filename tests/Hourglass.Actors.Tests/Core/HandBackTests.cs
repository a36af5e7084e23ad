using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>
/// What dies in a stopped child's mailbox — an await on its way to the history polls, an operation a
/// query sends its backend on behalf of a sender — goes back through the router to that child made
/// again, unchanged: answered exactly once, by the same backend, and awaits keep following their run.
/// </summary>
public sealed class HandBackTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.query-timeout = 30s")
{
    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public void Awaits_sent_while_the_history_polls_stop_are_each_answered_once(string how)
    {
        const int total = 500;
        var handle = StartOne("polled-" + how);
        var client = CreateTestProbe();
        Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(20)), client); // the polls child exists
        var polls = Sys.ActorSelection("/user/hourglass/polls");
        for (var i = 0; i < total; i++)
        {
            if (i % 100 == 50) polls.Tell(Blows.Of(how));
            Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(20)), client);
        }
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<MockWorkflowUpdated>();

        var replies = client.ReceiveN(total + 1, TimeSpan.FromSeconds(15));
        // Served from the close event, or BackendFailed for those the polls held when they went; none lost.
        Assert.All(replies, r => Assert.True(r is WorkflowClosed || r is OperationFailed { Error.Kind: ErrorKind.BackendFailed }, $"unexpected {r}"));
        Assert.Contains(replies, r => r is WorkflowClosed);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(0, ExpectMsg<HourglassStats>().ActiveQueries);
        });
    }

    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public void An_await_follows_its_run_through_a_backend_that_stopped_and_came_back(string how)
    {
        var handle = StartOne("through-" + how);
        var client = CreateTestProbe();
        Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(20)), client);
        // The await's long poll is held by the mock: wait until it is, then stop the mock under it.
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(1, ExpectMsg<HourglassStats>().ActiveQueries);
        });
        Sys.ActorSelection("/user/hourglass/mock").Tell(Blows.Of(how));

        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<MockWorkflowUpdated>(TimeSpan.FromSeconds(5));

        // Long before the await's own deadline: its poll went on with the backend made again.
        Assert.Equal(WorkflowState.Completed, client.ExpectMsg<WorkflowClosed>(TimeSpan.FromSeconds(5)).Status.State);
    }

    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public void Status_queries_whose_backend_stops_are_answered_by_the_backend_made_again(string how)
    {
        const int total = 400;
        var handle = StartOne("status-" + how);
        var client = CreateTestProbe();
        var mock = Sys.ActorSelection("/user/hourglass/mock");
        for (var i = 0; i < total; i++)
        {
            if (i % 100 == 50) mock.Tell(Blows.Of(how));
            Hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: i % 2 == 0), client);
        }

        // Well within hourglass.query-timeout (30 s): an answer from the backend made again counts.
        var replies = client.ReceiveN(total, TimeSpan.FromSeconds(10));
        Assert.All(replies, r => Assert.True(r is WorkflowStatus || r is OperationFailed { Error.Kind: ErrorKind.BackendFailed }, $"unexpected {r}"));
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}

/// <summary>A handed-back operation keeps its owner: it goes to the backend of the sender that asked, not the default.</summary>
public sealed class HandBackOwnerTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass { client-backend = real, real.target-host = \"127.0.0.1:1\", query-timeout = 30s }")
{
    [Fact]
    public void Status_queries_of_a_sender_on_the_mock_stay_on_the_mock_when_it_stops()
    {
        const int total = 300;
        var client = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Mock), client);
        client.ExpectMsg<BackendChanged>();
        Hourglass.Tell(new StartWorkflow("T", "owned"), client);
        var handle = client.ExpectMsg<WorkflowStarted>().Handle;
        var mock = Sys.ActorSelection("/user/hourglass/mock");
        for (var i = 0; i < total; i++)
        {
            if (i % 100 == 50) mock.Tell(PoisonPill.Instance);
            Hourglass.Tell(new GetWorkflowStatus(handle), client);
        }

        var replies = client.ReceiveN(total, TimeSpan.FromSeconds(10));
        // Never the real backend's Unreachable (nothing listens at 127.0.0.1:1).
        Assert.All(replies, r => Assert.True(r is WorkflowStatus || r is OperationFailed { Error.Kind: ErrorKind.BackendFailed }, $"unexpected {r}"));
    }
}
