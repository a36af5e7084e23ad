using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>
/// Whatever stops or kills the router or its backends, every request sent before, during or after
/// is answered exactly once, and the router is back at its path.
/// </summary>
public sealed class RouterSurvivalTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public async Task A_stopped_or_killed_router_is_back_at_its_path_and_serves_again(string how)
    {
        var before = StartOne("before-" + how);

        Hourglass.Tell(Blows.Of(how));

        // Sent to the old reference: served by the router made again, within a second.
        Hourglass.Tell(new DescribeWorkflow(before));
        Assert.Equal(before.RunId, ExpectMsg<WorkflowDescribed>(TimeSpan.FromSeconds(1)).Response.WorkflowExecutionInfo.Execution.RunId);
        var router = await Sys.ActorSelection("/user/hourglass").ResolveOne(TimeSpan.FromSeconds(1));
        Assert.NotEqual(Hourglass, router); // a new incarnation at the same path
        Assert.Equal(Hourglass.Path, router.Path);
    }

    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public void Requests_in_flight_when_the_router_goes_are_each_answered_once(string how)
    {
        const int total = 2_000;
        var client = CreateTestProbe();
        for (var i = 0; i < total; i++)
        {
            if (i == total / 2) Hourglass.Tell(Blows.Of(how));
            Hourglass.Tell(new StartWorkflow("T", $"flight-{how}-{i}"), client);
        }

        var replies = client.ReceiveN(total, TimeSpan.FromSeconds(30));
        var ids = replies.Select(r => r switch
        {
            WorkflowStarted s => s.Handle.WorkflowId,
            OperationFailed f => ((StartWorkflow)f.Request).WorkflowId,
            _ => throw new InvalidOperationException($"unexpected {r}"),
        }).ToArray();
        Assert.Equal(total, ids.Distinct().Count());
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Theory]
    [MemberData(nameof(Blows.Both), MemberType = typeof(Blows))]
    public void Requests_in_flight_when_a_backend_goes_are_each_answered_once(string how)
    {
        const int total = 2_000;
        var client = CreateTestProbe();
        // A sender with a script is served by the mock actor (the router serves the others itself).
        Hourglass.Tell(Backends.Mock.MockScript.PassThrough<StartWorkflow>(), client);
        client.ExpectMsg<Backends.Mock.MockScriptAccepted>();
        var mock = Sys.ActorSelection("/user/hourglass/mock");
        for (var i = 0; i < total; i++)
        {
            if (i == total / 2) mock.Tell(Blows.Of(how));
            Hourglass.Tell(new StartWorkflow("T", $"backend-{how}-{i}"), client);
        }

        var replies = client.ReceiveN(total, TimeSpan.FromSeconds(30));
        Assert.Equal(total, replies.Select(r => r switch
        {
            WorkflowStarted s => s.Handle.WorkflowId,
            OperationFailed f => ((StartWorkflow)f.Request).WorkflowId,
            _ => throw new InvalidOperationException($"unexpected {r}"),
        }).Distinct().Count());
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // And the mock serves again.
        Hourglass.Tell(new StartWorkflow("T", "after-" + how), client);
        client.ExpectMsg<WorkflowStarted>();
    }

    [Fact]
    public void A_router_made_again_keeps_the_senders_overrides()
    {
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(PoisonPill.Instance);

        Hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("kept")));
        Assert.Equal("kept", backend.ExpectMsg<DescribeWorkflow>(TimeSpan.FromSeconds(1)).Handle.WorkflowId);
        Hourglass.Tell(GetHourglassStats.Instance);
        Assert.Equal(1, ExpectMsg<HourglassStats>().Overrides);
    }
}
