using System.Reflection;
using Akka.Configuration;
using Akka.Dispatch.SysMsg;
using Hourglass.Backends;
using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Hourglass.Tests.Host;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Security;

/// <summary>
/// A node run with <c>serve</c> (the production profile, remote guard on), its real backend on a
/// fake Temporal frontend, shared by the attacks of <see cref="HostilePeerTests"/>.
/// </summary>
public sealed class AttackedNode : IAsyncLifetime
{
    public FakeTemporalServer Server { get; private set; } = null!;

    public RunningNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(["default"]) });
        Node = await RunningNode.StartAsync("--address", Server.Target);
    }

    public async Task DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }
}

/// <summary>
/// Attacks from a second ActorSystem on 127.0.0.1 — Akka's defaults, nothing of Hourglass's
/// defences — against a <c>serve</c> node: each is refused where it arrives (the node's log says
/// so), the router and its backend live on as the same actors, and an honest peer's operations
/// are served throughout.
/// </summary>
public sealed class HostilePeerTests(AttackedNode attacked) : IClassFixture<AttackedNode>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private RunningNode Node => attacked.Node;

    private string Router => $"{Node.Address}/user/hourglass";

    [Fact]
    public async Task PoisonPill_and_Kill_by_selection_or_sent_directly_stop_neither_the_router_nor_its_backend()
    {
        await using var honest = HostilePeer.Start();
        await ServedAsync("pill-before");
        var router = await IdentityAsync(honest);

        await using var hostile = HostilePeer.Start();
        foreach (var path in new[] { Router, $"{Router}/real" })
        {
            foreach (var stop in new object[] { PoisonPill.Instance, Kill.Instance })
            {
                hostile.Selection(path).Tell(stop);
                hostile.Direct(path).Tell(stop);
            }
        }

        var refused = await Node.Log.WaitForLinesAsync(l => Refusal(l, "akka-misc (id 16)"), 8, Patience);
        Assert.Equal(4, refused.Count(l => l.Contains("manifest [K]")));
        Assert.Equal(4, refused.Count(l => l.Contains("manifest [PP]")));
        await ServedAsync("pill-after");
        // The same incarnation of the router, and no backend was killed or stopped meanwhile.
        Assert.Equal(router.Path.Uid, (await IdentityAsync(honest)).Path.Uid);
        Assert.DoesNotContain(Node.Log.Lines, l => l.Contains("ActorKilledException") || l.Contains("stopped before answering"));
    }

    [Fact]
    public async Task A_forged_private_message_in_Akkas_JSON_is_never_delivered()
    {
        await using var hostile = HostilePeer.Start();
        // The router's drain (delivered, the node answers "shutting down" until restarted) and the real
        // backend's completion of held calls (delivered, it forges replies to other clients' calls).
        var drain = Private(typeof(ClientBackendActor), "Drain").GetField("Instance")!.GetValue(null)!;
        hostile.Selection(Router).Tell(drain);
        hostile.Direct(Router).Tell(drain);
        var finished = typeof(BackendActorBase).Assembly.GetType("Hourglass.Operations.BackendFinished", throwOnError: true)!;
        for (var ticket = 1L; ticket <= 20; ticket++)
        {
            var forged = Activator.CreateInstance(finished, ticket,
                new OperationFailed(new DescribeWorkflow(new WorkflowHandle("default", "victim", "")), new HourglassError(ErrorKind.NotFound, "forged")))!;
            hostile.Direct($"{Router}/real").Tell(forged);
        }

        await Node.Log.WaitForLinesAsync(l => Refusal(l, "json (id 1)"), 22, Patience);
        var served = await ServedAsync("after-json");
        Assert.DoesNotContain("shutting down", served.Everything);
    }

    [Fact]
    public async Task System_messages_that_suspend_restart_or_stop_an_actor_are_refused()
    {
        await using var honest = HostilePeer.Start();
        var router = await IdentityAsync(honest);

        await using var hostile = HostilePeer.Start();
        var target = (IInternalActorRef)hostile.Direct(Router);
        var backend = (IInternalActorRef)hostile.Direct($"{Router}/real");
        var bait = (IInternalActorRef)hostile.System.ActorOf(Props.Empty, "bait");
        target.SendSystemMessage(new Suspend());
        target.SendSystemMessage(new Recreate(new InvalidOperationException("forged")));
        // A Watch that makes the backend the watcher: when the bait stops, an unhandled Terminated would kill it.
        backend.SendSystemMessage(new Watch(bait, backend));

        await Node.Log.WaitForLinesAsync(l => Refusal(l, "akka-system-msg (id 22)"), 3, Patience);
        await hostile.System.Terminate();
        await ServedAsync("after-system-messages");
        Assert.Equal(router.Path.Uid, (await IdentityAsync(honest)).Path.Uid);
    }

    [Fact]
    public async Task An_operation_sent_straight_to_a_backend_skips_no_check_it_is_refused_and_never_reaches_Temporal()
    {
        // A peer that speaks Hourglass's protocol, addressing the backend behind the router's back.
        await using var peer = HostilePeer.Start(Hourglass.Configuration.HourglassConfig.Default());

        var reply = await peer.Direct($"{Router}/real").Ask<object>(new StartWorkflow("OrderWorkflow", "straight-to-backend"), TimeSpan.FromSeconds(10));

        var failed = Assert.IsType<OperationFailed>(reply);
        Assert.Equal(ErrorKind.PermissionDenied, failed.Error.Kind);
        await ServedAsync("after-straight");
        Assert.DoesNotContain(attacked.Server.RequestsOf<StartWorkflowExecutionRequest>(), r => r.WorkflowId == "straight-to-backend");
    }

    [Fact]
    public async Task A_selection_of_a_path_that_is_not_trusted_is_dropped()
    {
        await using var hostile = HostilePeer.Start();
        // The backend is a child of the router: reachable by selection only through the router's path, which is trusted alone.
        var identity = await hostile.Selection($"{Router}/real").Ask<ActorIdentity>(new Identify("real"), TimeSpan.FromSeconds(3))
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);

        Assert.Null(identity);
    }

    // The honest peer's operation: a start by --via, served by the node's real backend.
    private async Task<CliRun> ServedAsync(string workflowId)
    {
        var run = await CliRun.Of("start", "OrderWorkflow", workflowId, "--via", Node.Address);
        Assert.True(run.Code == 0, $"{run}\n{Node}");
        Assert.Contains(workflowId, run.Output);
        var started = await attacked.Server.WaitForRequestAsync<StartWorkflowExecutionRequest>(r => r.WorkflowId == workflowId, CancellationToken.None)
            .WaitAsync(Patience);
        Assert.Equal("OrderWorkflow", started.WorkflowType.Name);
        return run;
    }

    private async Task<IActorRef> IdentityAsync(HostilePeer peer)
    {
        var identity = await peer.Selection(Router).Ask<ActorIdentity>(new Identify("router"), TimeSpan.FromSeconds(10));
        return identity.Subject ?? throw new InvalidOperationException($"no router at {Router}");
    }

    /// <summary>The guard's own log line for one refused message, under its class's category (Akka.Remote's warning quotes it too).</summary>
    public static bool Refusal(string line, string serializer) =>
        line.Contains($"GuardedSerializer: Hourglass remote guard refused a message: serializer {serializer}", StringComparison.Ordinal)   // in-process node
        || line.Contains($"GuardedSerializer[0] Hourglass remote guard refused a message: serializer {serializer}", StringComparison.Ordinal); // console

    private static Type Private(Type outer, string name) =>
        outer.GetNestedType(name, BindingFlags.NonPublic) ?? throw new InvalidOperationException($"{outer.Name} has no nested {name}");
}
