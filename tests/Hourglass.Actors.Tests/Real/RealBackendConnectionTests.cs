using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>One connection per backend, shared by every call and namespace, never one per call.</summary>
public sealed class RealBackendConnectionTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    [Fact]
    public void A_thousand_operations_in_flight_together_share_one_connection()
    {
        const int operations = 1000;
        Router.Tell(new EnsureNamespace("other"));
        ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10));
        var handle = WorkflowHandle.Latest("shared");
        Router.Tell(new StartWorkflow("T", "shared"));
        ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10));

        for (var i = 0; i < operations; i++)
        {
            Router.Tell(i % 2 == 0
                ? new DescribeWorkflow(handle)
                : new DescribeWorkflow(new WorkflowHandle("other", $"missing-{i}")));
        }

        var replies = ReceiveN(operations, TimeSpan.FromSeconds(60));
        Assert.Equal(operations / 2, replies.OfType<WorkflowDescribed>().Count());
        Assert.Equal(operations / 2, replies.OfType<OperationFailed>().Count(f => f.Error.Kind == ErrorKind.NotFound));
        Assert.Equal(1, Server.ConnectionsOpened);
        Assert.Single(Server.RequestsOf<GetSystemInfoRequest>());
    }

    [Fact]
    public void The_connection_is_made_on_first_use_not_at_start()
    {
        var router = Router;
        router.Tell(GetBackend.Instance);
        ExpectMsg<BackendInUse>();

        Assert.Equal(0, Server.ConnectionsOpened);
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));
        ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Server.ConnectionsOpened);
    }

    [Fact]
    public async Task A_failed_connect_is_tried_again_on_the_next_call()
    {
        await Server.StopAsync();
        var router = StartRouter("hourglass.real.retry.max-attempts = 1");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));
        Assert.Equal(ErrorKind.Unreachable, ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(10)).Error.Kind);

        await Server.RestartAsync();
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));
        Assert.Equal(ErrorKind.NotFound, ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(10)).Error.Kind);
        Assert.Equal(1, Server.ConnectionsOpened);
    }

    [Fact]
    public async Task A_restarted_backend_child_keeps_the_connection()
    {
        var router = Router;
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));
        ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(10));

        // Kill makes the child fail; its supervisor restarts it at the same path.
        var child = await Sys.ActorSelection(router.Path / "real").ResolveOne(TimeSpan.FromSeconds(3));
        child.Tell(Kill.Instance);
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("y")));
        ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Server.ConnectionsOpened);
    }
}
