using Akka.Event;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Routing;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>
/// The router's keeper hears of dead letters from the moment Hourglass has started: a request that
/// dies in the router's mailbox at once (the router killed as it starts, as the chaos run did) is
/// handed on, not missed because the keeper had not yet run its own start.
/// </summary>
public sealed class KeeperStartTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public void Requests_dead_lettered_at_the_router_the_moment_it_starts_are_handed_on_and_answered()
    {
        const int routers = 20;
        var settings = HourglassSettings.Create(Sys);
        var client = CreateTestProbe();
        for (var i = 0; i < routers; i++)
        {
            var router = KeptRouter.Start(Sys, ClientBackendActor.Props(settings), $"starting-{i}");
            // Before anything else runs: as if the request had died in the router's mailbox.
            Sys.EventStream.Publish(new DeadLetter(new DescribeWorkflow(WorkflowHandle.Latest($"none-{i}")), client.Ref, router));
        }

        // Each is served (NotFound: there is no such workflow), once.
        var replies = client.ReceiveN(routers, TimeSpan.FromSeconds(10));
        Assert.All(replies, r => Assert.Equal(ErrorKind.NotFound, Assert.IsType<OperationFailed>(r).Error.Kind));
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }
}
