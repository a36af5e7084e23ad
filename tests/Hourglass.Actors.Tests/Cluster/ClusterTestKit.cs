using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Cluster;

/// <summary>
/// Real Akka clusters on 127.0.0.1 (port 0): Hourglass nodes with the <c>hourglass</c> role and
/// client nodes without, all in this process but talking over TCP with the Hourglass serializer.
/// The TestKit's own system only drives the test; every node is a system of the cluster, with the
/// remote guard of the production profile (<see cref="HourglassConfig.RemoteGuard"/>).
/// </summary>
public abstract class ClusterTestKit(ITestOutputHelper output) : HourglassTestKit(output), IAsyncLifetime
{
    private const string SystemName = "hourglass";
    private readonly List<ActorSystem> _nodes = new();

    protected FakeTemporalServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeTemporalServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.Terminate();
        await Server.DisposeAsync();
    }

    /// <summary>A cluster node; with <paramref name="hourglass"/> it carries the role and runs the router.</summary>
    protected ActorSystem StartNode(bool hourglass, string? extra = null)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, maximum-frame-size = 8MiB }
            akka.cluster.roles = [{{(hourglass ? "hourglass" : "client")}}]
            akka.cluster.min-nr-of-members = 1
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            hourglass.real { target-host = "{{Server.Target}}", retry.max-attempts = 3, retry.initial-backoff = 20ms }
            """);
        if (extra is not null) config = ConfigurationFactory.ParseString(extra).WithFallback(config);
        var node = ActorSystem.Create(SystemName, config.WithFallback(HourglassConfig.RemoteGuard()).WithFallback(TestConfig()));
        _nodes.Add(node);
        if (hourglass) node.StartHourglass();
        return node;
    }

    /// <summary>Joins every node to the first and waits until all are Up, as each of them sees it.</summary>
    protected void FormCluster(params ActorSystem[] nodes)
    {
        var seed = Akka.Cluster.Cluster.Get(nodes[0]).SelfAddress;
        foreach (var node in nodes) Akka.Cluster.Cluster.Get(node).Join(seed);
        AwaitAssert(() =>
        {
            foreach (var node in nodes)
                Assert.Equal(nodes.Length, Akka.Cluster.Cluster.Get(node).State.Members.Count(m => m.Status == MemberStatus.Up));
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
    }

    /// <summary>A probe living on <paramref name="node"/>, so its messages cross the network.</summary>
    protected static TestProbe ProbeOn(ActorSystem node, string? name = null) =>
        new(node, new XunitAssertions(), name);

    /// <summary>The router of an Hourglass node, as an actor ref resolved from <paramref name="from"/>.</summary>
    protected static async Task<IActorRef> RouterOf(ActorSystem hourglassNode, ActorSystem from)
    {
        var address = Akka.Cluster.Cluster.Get(hourglassNode).SelfAddress;
        return await from.ActorSelection(new RootActorPath(address) / "user" / ClientBackendActor.DefaultName)
            .ResolveOne(TimeSpan.FromSeconds(5));
    }
}
