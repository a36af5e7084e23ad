using Akka.Actor;
using Akka.Configuration;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Benchmarks;

/// <summary>The router's own cost, and the mock path's against an actor that only echoes.</summary>
public static class RouterBenchmarks
{
    private static (IActorRef Direct, IActorRef Router, DescribeWorkflow Describe) Setup(ActorSystem system)
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString("hourglass.client-backend = mock"));
        var temporal = new InMemoryTemporal(["default"]);
        var mockDirect = system.ActorOf(MockBackendActor.Props(settings, temporal));
        var router = system.ActorOf(ClientBackendActor.Props(settings, mockBackend: MockBackendActor.Props(settings, temporal)));
        temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = "bench", RequestId = "r", WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
        });
        return (mockDirect, router, new DescribeWorkflow(new WorkflowHandle("default", "bench")));
    }

    /// <summary>The same describes sent to a mock backend directly and through the ClientBackendActor.</summary>
    public static async Task RouterOverMockAsync(BenchContext bench)
    {
        var (direct, router, describe) = Setup(bench.System);
        var operations = bench.Quick ? 20_000 : 100_000;
        bench.Add(await RatioBench.RunAsync("router over mock (describe, 100 in flight)", operations, bench.Rounds,
            "MockBackendActor direct", n => WindowedDriver.Run(bench.System, direct, _ => describe, n, 100),
            "through ClientBackendActor", n => WindowedDriver.Run(bench.System, router, _ => describe, n, 100), bench.Warmup),
            "issue 7: the router over the mock backend directly (time)", maxRatio: 1.05);
    }

    /// <summary>
    /// Round trips with 1,000 in flight: an actor that answers each message with a constant reply
    /// (the least any actor round trip costs), against a describe through the router to the mock.
    /// </summary>
    public static async Task MockPathAgainstEchoAsync(BenchContext bench)
    {
        var (direct, router, describe) = Setup(bench.System);
        var echo = bench.System.ActorOf(Props.Create(() => new Echo()));
        var operations = bench.Quick ? 50_000 : 200_000;
        var path = bench.Add(await RatioBench.RunAsync("mock path against an echo actor (describe, 1,000 in flight)", operations, bench.Rounds,
            "echo actor", n => WindowedDriver.Run(bench.System, echo, _ => describe, n, 1000),
            "ClientBackendActor + mock", n => WindowedDriver.Run(bench.System, router, _ => describe, n, 1000), bench.Warmup));
        // Round trips in a given time are the inverse of the time per round trip.
        bench.Check("issue 8: the mock path's round trips against an echo actor's, 1,000 in flight",
            BenchContext.Ratio(1 / path.TimeRatio), "≥ 0.50x", 1 / path.TimeRatio >= 0.5);
        bench.Add(await RatioBench.RunAsync("mock backend alone against an echo actor (describe, 1,000 in flight)", operations, bench.Rounds,
            "echo actor", n => WindowedDriver.Run(bench.System, echo, _ => describe, n, 1000),
            "MockBackendActor direct", n => WindowedDriver.Run(bench.System, direct, _ => describe, n, 1000), bench.Warmup));
    }

    private sealed class Echo : ReceiveActor
    {
        private static readonly WorkflowSignaled Reply = new(WorkflowHandle.Latest("echo"), "echo");

        public Echo() => ReceiveAny(_ => Sender.Tell(Reply));
    }
}
