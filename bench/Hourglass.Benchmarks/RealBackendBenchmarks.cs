using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using RpcOptions = Temporalio.Client.RpcOptions;
using TemporalConnection = Temporalio.Client.TemporalConnection;
using TemporalConnectionOptions = Temporalio.Client.TemporalConnectionOptions;

namespace Hourglass.Benchmarks;

/// <summary>The real backend's cost over the bare Temporalio client, against the fake frontend on loopback.</summary>
public static class RealBackendBenchmarks
{
    public static async Task RealOverBareClientAsync(BenchContext bench)
    {
        await using var server = await FakeTemporalServer.StartAsync();
        server.Temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = "bench", RequestId = "r", WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
        });
        var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(server.Target));
        var request = new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = new() { WorkflowId = "bench" } };
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString($"hourglass.client-backend = real\nhourglass.real.target-host = \"{server.Target}\""));
        var router = bench.System.ActorOf(ClientBackendActor.Props(settings));
        var describe = new DescribeWorkflow(new WorkflowHandle("default", "bench"));
        var operations = bench.Quick ? 500 : 1_000;
        const int window = 50;

        async Task Raw(int n)
        {
            var next = 0;
            async Task Worker()
            {
                while (Interlocked.Increment(ref next) <= n)
                    await connection.WorkflowService.DescribeWorkflowExecutionAsync(request, new RpcOptions { Timeout = TimeSpan.FromSeconds(10) });
            }
            await Task.WhenAll(Enumerable.Range(0, window).Select(_ => Worker()));
        }

        bench.Add(await RatioBench.RunAsync($"real backend over the bare client (describe, {window} in flight, loopback)", operations, bench.Rounds,
            "Temporalio WorkflowService", Raw,
            "through ClientBackendActor", n => WindowedDriver.Run(bench.System, router, _ => describe, n, window), bench.Warmup));
        bench.Fact($"connections opened by the real backend and the bare client together: {server.ConnectionsOpened}");
    }
}
