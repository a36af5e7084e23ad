using Akka.Actor;
using Akka.Configuration;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Benchmarks;

/// <summary>
/// The router's own cost, and the mock path's against an actor that only echoes. Each request is a
/// new <see cref="DescribeWorkflow"/>, as every ask makes one, on both sides of every comparison;
/// every session of a comparison makes its actors (and the in-memory Temporal) afresh.
/// </summary>
public static class RouterBenchmarks
{
    private static readonly WorkflowHandle Handle = new("default", "bench");

    private static object Describe(int _) => new DescribeWorkflow(Handle);

    private static (IActorRef Direct, IActorRef Router) Setup(ActorSystem system)
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString("hourglass.client-backend = mock"));
        var temporal = new InMemoryTemporal(["default"]);
        var mockDirect = system.ActorOf(MockBackendActor.Props(settings, temporal));
        var router = system.ActorOf(ClientBackendActor.Props(settings, mockBackend: MockBackendActor.Props(settings, temporal)));
        temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = "bench", RequestId = "r", WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
        });
        return (mockDirect, router);
    }

    private static Func<Func<int, Task>> Driving(ActorSystem system, Func<IActorRef> target, int window, Func<int, object>? request = null) => () =>
    {
        var actor = target();
        return n => WindowedDriver.Run(system, actor, request ?? Describe, n, window);
    };

    private static IActorRef Echo(ActorSystem system) => system.ActorOf(Props.Create(() => new EchoActor()));

    private static IActorRef Forwarder(ActorSystem system, IActorRef target) => system.ActorOf(Props.Create(() => new ForwarderActor(target)));

    /// <summary>The same describes sent to a mock backend directly and through the ClientBackendActor.</summary>
    public static async Task RouterOverMockAsync(BenchContext bench)
    {
        var system = bench.System;
        var operations = bench.Quick ? 10_000 : 20_000;
        bench.Add(await RatioBench.RunAsync("router over mock (describe, 100 in flight)", operations, bench.Rounds,
            "MockBackendActor direct", Driving(system, () => Setup(system).Direct, 100),
            "through ClientBackendActor", Driving(system, () => Setup(system).Router, 100), bench.Warmup, bench.Sessions),
            "issue 7: the router over the mock backend directly (time)", maxRatio: 1.05);
        // What of that is the router's own work: the same hop through an actor that only forwards.
        bench.Add(await RatioBench.RunAsync("the router's own work (describe, 100 in flight)", operations, bench.Rounds,
            "a forwarder in front of the mock", Driving(system, () => Forwarder(system, Setup(system).Direct), 100),
            "ClientBackendActor in front of the mock", Driving(system, () => Setup(system).Router, 100), bench.Warmup, bench.Sessions));
    }

    /// <summary>
    /// Round trips with 1,000 in flight: an actor that sends each message back (the least any actor
    /// round trip costs), against a describe through the router to the mock.
    /// </summary>
    public static async Task MockPathAgainstEchoAsync(BenchContext bench)
    {
        var system = bench.System;
        var operations = bench.Quick ? 20_000 : 50_000;
        var path = bench.Add(await RatioBench.RunAsync("mock path against an echo actor (describe, 1,000 in flight)", operations, bench.Rounds,
            "echo actor", Driving(system, () => Echo(system), 1000),
            "ClientBackendActor + mock", Driving(system, () => Setup(system).Router, 1000), bench.Warmup, bench.Sessions));
        // Round trips in a given time are the inverse of the time per round trip.
        bench.Check("issue 8: the mock path's round trips against an echo actor's, 1,000 in flight",
            BenchContext.Ratio(1 / path.TimeRatio), "≥ 0.50x", 1 / path.TimeRatio >= 0.5);

        // For context: the same with one request object sent again and again (no message made per round trip),
        // the least one more hop costs, and the mock backend without the router.
        var same = new DescribeWorkflow(Handle);
        bench.Add(await RatioBench.RunAsync("mock path against an echo actor, one request object reused (1,000 in flight)", operations, bench.Rounds,
            "echo actor", Driving(system, () => Echo(system), 1000, _ => same),
            "ClientBackendActor + mock", Driving(system, () => Setup(system).Router, 1000, _ => same), bench.Warmup, bench.Sessions));
        bench.Add(await RatioBench.RunAsync("one more hop against an echo actor (1,000 in flight)", operations, bench.Rounds,
            "echo actor", Driving(system, () => Echo(system), 1000),
            "a forwarder in front of the echo actor", Driving(system, () => Forwarder(system, Echo(system)), 1000), bench.Warmup, bench.Sessions));
        bench.Add(await RatioBench.RunAsync("mock backend alone against an echo actor (describe, 1,000 in flight)", operations, bench.Rounds,
            "echo actor", Driving(system, () => Echo(system), 1000),
            "MockBackendActor direct", Driving(system, () => Setup(system).Direct, 1000), bench.Warmup, bench.Sessions));
    }

    private sealed class ForwarderActor : ReceiveActor
    {
        public ForwarderActor(IActorRef target) => ReceiveAny(message => target.Forward(message));
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => ReceiveAny(message => Sender.Tell(message));
    }
}
