// Hourglass benchmarks: each reports a candidate against a baseline measured in the same run.
//   dotnet run -c Release --project bench/Hourglass.Benchmarks [-- --quick]
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Hourglass;
using Hourglass.Backends.Mock;
using Hourglass.Benchmarks;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using TemporalConnection = Temporalio.Client.TemporalConnection;
using TemporalConnectionOptions = Temporalio.Client.TemporalConnectionOptions;
using RpcOptions = Temporalio.Client.RpcOptions;
using WorkflowHandle = Hourglass.Protocol.WorkflowHandle;

var quick = args.Contains("--quick");
var rounds = quick ? 3 : 9;
var results = new List<RatioBench.Result>();

var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING").WithFallback(HourglassConfig.Default());
using var system = ActorSystem.Create("bench", config);

// 1. The router's cost: the same describes sent to a mock backend directly and through the ClientBackendActor.
{
    var settings = HourglassSettings.Create(ConfigurationFactory.ParseString("hourglass.client-backend = mock"));
    var temporal = new InMemoryTemporal(["default"]);
    var mockDirect = system.ActorOf(MockBackendActor.Props(settings, temporal));
    var router = system.ActorOf(ClientBackendActor.Props(settings, mockBackend: MockBackendActor.Props(settings, temporal)));
    temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
    {
        Namespace = "default", WorkflowId = "bench", RequestId = "r", WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
    });
    var describe = new DescribeWorkflow(new WorkflowHandle("default", "bench"));
    var operations = quick ? 20_000 : 100_000;
    results.Add(await RatioBench.RunAsync("router over mock (describe, 100 in flight)", operations, rounds,
        "MockBackendActor direct", n => WindowedDriver.Run(system, mockDirect, _ => describe, n, 100),
        "through ClientBackendActor", n => WindowedDriver.Run(system, router, _ => describe, n, 100)));
}

// 2. The real backend's cost over the bare Temporalio client, against the fake frontend on loopback.
{
    await using var server = await FakeTemporalServer.StartAsync();
    server.Temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
    {
        Namespace = "default", WorkflowId = "bench", RequestId = "r", WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
    });
    var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(server.Target));
    var request = new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = new() { WorkflowId = "bench" } };
    var settings = HourglassSettings.Create(ConfigurationFactory.ParseString($"hourglass.client-backend = real\nhourglass.real.target-host = \"{server.Target}\""));
    var router = system.ActorOf(ClientBackendActor.Props(settings));
    var describe = new DescribeWorkflow(new WorkflowHandle("default", "bench"));
    var operations = quick ? 2_000 : 10_000;
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

    results.Add(await RatioBench.RunAsync($"real backend over the bare client (describe, {window} in flight, loopback)", operations, rounds,
        "Temporalio WorkflowService", Raw,
        "through ClientBackendActor", n => WindowedDriver.Run(system, router, _ => describe, n, window)));
    Console.WriteLine($"  connections opened by the real backend and the bare client together: {server.ConnectionsOpened}");
}

Console.WriteLine();
Console.WriteLine("| benchmark | baseline | candidate | ops/round | baseline µs/op | candidate µs/op | time ratio | baseline B/op | candidate B/op | bytes ratio |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Baseline} | {r.Candidate} | {r.Operations} | {r.BaselineMicros:0.00} | {r.CandidateMicros:0.00} | {r.TimeRatio:0.00}x | {r.BaselineBytes:0} | {r.CandidateBytes:0} | {r.BytesRatio:0.00}x |"));
}
await system.Terminate();
