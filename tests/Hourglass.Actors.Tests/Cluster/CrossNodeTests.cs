using Akka.Event;
using Akka.Routing;
using Hourglass.Backends.Mock;
using Hourglass.Cluster;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Cluster;

/// <summary>Every operation from one cluster node to the ClientBackendActor on another, over TCP.</summary>
public sealed class CrossNodeTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_operation_crosses_from_a_client_node_to_an_hourglass_node()
    {
        var hourglassNode = StartNode(hourglass: true, "hourglass.client-backend = mock");
        var clientNode = StartNode(hourglass: false);
        FormCluster(hourglassNode, clientNode);
        var router = await RouterOf(hourglassNode, clientNode);
        var client = ProbeOn(clientNode, "client");

        router.Tell(new EnsureNamespace("remote-ns"), client);
        Assert.True(client.ExpectMsg<NamespaceEnsured>(Patience).Created);

        router.Tell(new StartWorkflow("OrderWorkflow", "x-1", new Order("x-1", 3)) { Namespace = "remote-ns", TaskQueue = "orders" }, client);
        var handle = client.ExpectMsg<WorkflowStarted>(Patience).Handle;
        Assert.Equal(Akka.Cluster.Cluster.Get(hourglassNode).SelfAddress, client.LastSender.Path.Address);

        router.Tell(new SignalWorkflow(handle, "approve", "alice"), client);
        Assert.Equal("approve", client.ExpectMsg<WorkflowSignaled>(Patience).SignalName);

        router.Tell(new DescribeWorkflow(handle), client);
        Assert.Equal(handle.RunId, client.ExpectMsg<WorkflowDescribed>(Patience).Response.WorkflowExecutionInfo.Execution.RunId);

        router.Tell(new FailActivity(handle, "Charge", 2, "declined"), client);
        client.ExpectMsg<MockWorkflowUpdated>(Patience);
        router.Tell(new GetWorkflowStatus(handle, IncludeFailures: true), client);
        var status = client.ExpectMsg<WorkflowStatus>(Patience);
        Assert.Equal(("Charge", 2), (status.RecentFailures![0].ActivityType, status.RecentFailures[0].Attempt));

        router.Tell(new CompleteWorkflow(handle, new Order("x-1", 4)), client);
        client.ExpectMsg<MockWorkflowUpdated>(Patience);
        router.Tell(new AwaitWorkflow(handle, Patience, TimeSpan.FromMilliseconds(20)), client);
        Assert.Equal(new Order("x-1", 4), client.ExpectMsg<WorkflowClosed>(Patience).ResultAs<Order>());

        router.Tell(new FetchHistory(handle), client);
        Assert.True(client.ExpectMsg<HistoryFetched>(Patience).History.Events.Count >= 8);

        router.Tell(new StartWorkflow("OrderWorkflow", "x-2") { Namespace = "remote-ns" }, client);
        var second = client.ExpectMsg<WorkflowStarted>(Patience).Handle;
        router.Tell(new CancelWorkflow(second, "from afar"), client);
        client.ExpectMsg<CancelRequested>(Patience);

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("nobody")), client);
        Assert.Equal(ErrorKind.NotFound, client.ExpectMsg<OperationFailed>(Patience).Error.Kind);
        router.Tell(new StartWorkflow("", "bad"), client);
        Assert.Equal(ErrorKind.InvalidArgument, client.ExpectMsg<OperationFailed>(Patience).Error.Kind);

        router.Tell(GetBackend.Instance, client);
        Assert.Equal(new BackendInUse(BackendChoice.Mock, BackendSource.Config), client.ExpectMsg<BackendInUse>(Patience));
        router.Tell(GetHourglassStats.Instance, client);
        client.ExpectMsg<HourglassStats>(Patience);
    }

    [Fact]
    public async Task A_remote_sender_has_its_own_override_which_goes_when_it_does()
    {
        var hourglassNode = StartNode(hourglass: true, "hourglass.client-backend = mock");
        var clientNode = StartNode(hourglass: false);
        FormCluster(hourglassNode, clientNode);
        var router = await RouterOf(hourglassNode, clientNode);
        var overridden = ProbeOn(clientNode, "overridden");
        var plain = ProbeOn(clientNode, "plain");

        router.Tell(new UseBackend(BackendKind.Real), overridden);
        Assert.Null(overridden.ExpectMsg<BackendChanged>(Patience).Previous);

        router.Tell(new StartWorkflow("T", "on-real"), overridden);
        overridden.ExpectMsg<WorkflowStarted>(Patience);
        Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        router.Tell(new StartWorkflow("T", "on-mock"), plain);
        plain.ExpectMsg<WorkflowStarted>(Patience);
        Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());

        router.Tell(GetHourglassStats.Instance, plain);
        Assert.Equal(1, plain.ExpectMsg<HourglassStats>(Patience).Overrides);
        clientNode.Stop(overridden.Ref);
        AwaitAssert(() =>
        {
            router.Tell(GetHourglassStats.Instance, plain);
            Assert.Equal(0, plain.ExpectMsg<HourglassStats>(Patience).Overrides);
        }, Patience);
    }

    [Fact]
    public async Task A_probe_on_another_node_can_stand_in_for_the_backend()
    {
        var hourglassNode = StartNode(hourglass: true, "hourglass.client-backend = mock");
        var clientNode = StartNode(hourglass: false);
        FormCluster(hourglassNode, clientNode);
        var router = await RouterOf(hourglassNode, clientNode);
        var client = ProbeOn(clientNode, "client");
        var backend = ProbeOn(clientNode, "backend");

        router.Tell(new UseBackend(BackendChoice.Of(backend.Ref)), client);
        client.ExpectMsg<BackendChanged>(Patience);
        router.Tell(new SignalWorkflow(WorkflowHandle.Latest("w"), "ping"), client);

        var seen = backend.ExpectMsg<SignalWorkflow>(Patience);
        Assert.Equal("default", seen.Handle.Namespace);
        backend.Reply(new WorkflowSignaled(seen.Handle, seen.SignalName));
        Assert.Equal("ping", client.ExpectMsg<WorkflowSignaled>(Patience).SignalName);
    }

    [Fact]
    public async Task A_production_node_refuses_a_remote_switch_to_the_mock()
    {
        var production = StartNode(hourglass: true, "hourglass { client-backend = real, allow-overrides = off }");
        var clientNode = StartNode(hourglass: false);
        FormCluster(production, clientNode);
        var router = await RouterOf(production, clientNode);
        var client = ProbeOn(clientNode);

        router.Tell(new UseBackend(BackendKind.Mock), client);

        Assert.Equal(ErrorKind.PermissionDenied, client.ExpectMsg<OperationFailed>(Patience).Error.Kind);
        router.Tell(GetBackend.Instance, client);
        Assert.Equal(new BackendInUse(BackendChoice.Real, BackendSource.Config), client.ExpectMsg<BackendInUse>(Patience));
    }

    [Fact]
    public async Task A_mock_script_is_refused_when_sent_to_another_node()
    {
        var hourglassNode = StartNode(hourglass: true, "hourglass.client-backend = mock");
        var clientNode = StartNode(hourglass: false);
        FormCluster(hourglassNode, clientNode);
        var router = await RouterOf(hourglassNode, clientNode);
        var client = ProbeOn(clientNode);
        var errors = ProbeOn(clientNode);
        clientNode.EventStream.Subscribe(errors.Ref, typeof(Error));

        router.Tell(MockScript.Stub<StartWorkflow>(_ => HourglassError.NotFound("never")), client);

        errors.FishForMessage<Error>(e => $"{e.Message} {e.Cause}".Contains("cannot leave its node", StringComparison.Ordinal), Patience);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        // The node kept running: the next operation crosses.
        router.Tell(new StartWorkflow("T", "after-refusal"), client);
        client.ExpectMsg<WorkflowStarted>(Patience);
    }

    [Fact]
    public async Task Operations_continue_through_the_other_node_and_a_retried_start_is_the_same_workflow()
    {
        // Both nodes talk to the same Temporal, as production nodes do.
        var first = StartNode(hourglass: true, "hourglass.client-backend = real");
        var second = StartNode(hourglass: true, "hourglass.client-backend = real");
        // The router's own GetRoutees answer (Akka's, not Hourglass's) is not serializable, and
        // this node's traffic to the Hourglass nodes is serialized on the wire anyway.
        var clientNode = StartNode(hourglass: false, "akka.actor.serialize-messages = off");
        FormCluster(first, second, clientNode);
        var router = clientNode.ActorOf(HourglassClusterRouter.Props(), "hourglass-nodes");
        var client = ProbeOn(clientNode);
        AwaitAssert(() =>
        {
            router.Tell(GetRoutees.Instance, client);
            Assert.Equal(2, client.ExpectMsg<Routees>().Members.Count());
        }, Patience);

        // Both nodes serve: round robin over ten starts reaches both.
        var served = new HashSet<Address>();
        for (var i = 0; i < 10; i++)
        {
            router.Tell(new StartWorkflow("T", $"spread-{i}"), client);
            client.ExpectMsg<WorkflowStarted>(Patience);
            served.Add(client.LastSender.Path.Address);
        }
        Assert.Equal(2, served.Count);

        var start = new StartWorkflow("OrderWorkflow", "retried-order", 7);
        router.Tell(start, client);
        var original = client.ExpectMsg<WorkflowStarted>(Patience).Handle;

        await CoordinatedShutdown.Get(second).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        AwaitAssert(() =>
        {
            router.Tell(GetRoutees.Instance, client);
            Assert.Single(client.ExpectMsg<Routees>().Members);
        }, Patience);

        // The caller did not trust its first answer and retries the same message: same request id.
        router.Tell(start, client);
        Assert.Equal(original, client.ExpectMsg<WorkflowStarted>(Patience).Handle);
        router.Tell(new SignalWorkflow(original, "go"), client);
        client.ExpectMsg<WorkflowSignaled>(Patience);
        router.Tell(new DescribeWorkflow(original.WithoutRun()), client);
        Assert.Equal(original.RunId, client.ExpectMsg<WorkflowDescribed>(Patience).Response.WorkflowExecutionInfo.Execution.RunId);

        var starts = Server.RequestsOf<StartWorkflowExecutionRequest>().Where(s => s.WorkflowId == "retried-order").ToArray();
        Assert.Equal(2, starts.Length);
        Assert.All(starts, s => Assert.Equal(start.RequestId, s.RequestId));
        Assert.Equal(Akka.Cluster.Cluster.Get(first).SelfAddress, client.LastSender.Path.Address);
    }

    [Fact]
    public async Task A_watch_from_another_node_streams_the_history_and_ends_with_the_run()
    {
        var hourglassNode = StartNode(hourglass: true, "hourglass.client-backend = mock");
        var clientNode = StartNode(hourglass: false);
        FormCluster(hourglassNode, clientNode);
        var router = await RouterOf(hourglassNode, clientNode);
        var client = ProbeOn(clientNode, "watcher");
        router.Tell(new StartWorkflow("OrderWorkflow", "watched-afar"), client);
        var handle = client.ExpectMsg<WorkflowStarted>(Patience).Handle;

        router.Tell(new WatchWorkflow(handle), client);
        Assert.Equal(1, client.ExpectMsg<WorkflowEventsAppended>(Patience).Events[0].EventId);
        router.Tell(new SignalWorkflow(handle, "from-afar"), client);
        client.FishForMessage<WorkflowSignaled>(_ => true, Patience);
        router.Tell(new CompleteWorkflow(handle, (object?)"done"), client);

        var ended = client.FishForMessage<WorkflowWatchEnded>(_ => true, Patience);
        Assert.Equal(WorkflowState.Completed, ended.State);
    }

    public sealed record Order(string Id, int Items);
}
