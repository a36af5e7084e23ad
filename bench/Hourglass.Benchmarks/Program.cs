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

// 3. The wire: Hourglass's protobuf serializer against Akka's default (Newtonsoft JSON), round-tripping
//    a reply that holds a DescribeWorkflowExecutionResponse with memo and pending activities.
{
    var extended = (ExtendedActorSystem)system;
    var protobuf = new Hourglass.Serialization.HourglassSerializer(extended);
    var json = new Akka.Serialization.NewtonSoftJsonSerializer(extended);
    var temporal = new InMemoryTemporal(["default"]);
    temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
    {
        Namespace = "default", WorkflowId = "wire", RequestId = "r", WorkflowType = new() { Name = "OrderWorkflow" }, TaskQueue = new() { Name = "orders" },
        Memo = new() { Fields = { ["team"] = HourglassPayload.From("payments"), ["priority"] = HourglassPayload.From(3) } },
    });
    var execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = "wire" };
    temporal.SetPendingActivity("default", execution, "ChargeCard", 3, MockFailures.Application("declined"));
    temporal.SetPendingActivity("default", execution, "ReserveStock", 1, null);
    var reply = new WorkflowDescribed(new WorkflowHandle("default", "wire"),
        temporal.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = execution }));
    var manifest = protobuf.Manifest(reply);

    var viaProtobuf = (WorkflowDescribed)protobuf.FromBinary(protobuf.ToBinary(reply), manifest);
    var viaJson = (WorkflowDescribed)json.FromBinary(json.ToBinary(reply), typeof(WorkflowDescribed));
    static string Fidelity(WorkflowDescribed back, WorkflowDescribed sent) =>
        $"memo {back.Response.WorkflowExecutionInfo?.Memo?.Fields.Count ?? 0}/{sent.Response.WorkflowExecutionInfo.Memo.Fields.Count}, " +
        $"pending activities {back.Response.PendingActivities.Count}/{sent.Response.PendingActivities.Count}, equal: {back.Response.Equals(sent.Response)}";
    Console.WriteLine($"  protobuf round trip keeps: {Fidelity(viaProtobuf, reply)}; {protobuf.ToBinary(reply).Length} bytes");
    Console.WriteLine($"  JSON round trip keeps:     {Fidelity(viaJson, reply)}; {json.ToBinary(reply).Length} bytes");

    var operations = quick ? 20_000 : 100_000;
    results.Add(await RatioBench.RunAsync("wire: round trip of WorkflowDescribed (memo, 2 pending activities)", operations, rounds,
        "HourglassSerializer (protobuf)", n =>
        {
            for (var i = 0; i < n; i++) protobuf.FromBinary(protobuf.ToBinary(reply), manifest);
            return Task.CompletedTask;
        },
        "Akka default (Newtonsoft JSON)", n =>
        {
            for (var i = 0; i < n; i++) json.FromBinary(json.ToBinary(reply), typeof(WorkflowDescribed));
            return Task.CompletedTask;
        }));
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
