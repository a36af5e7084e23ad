using Akka.Actor;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Benchmarks;

/// <summary>
/// The wire: Hourglass's protobuf serializer against Akka's default (Newtonsoft JSON), round-tripping
/// a reply that holds a DescribeWorkflowExecutionResponse with memo and pending activities.
/// </summary>
public static class WireBenchmarks
{
    public static async Task ProtobufAgainstJsonAsync(BenchContext bench)
    {
        var extended = (ExtendedActorSystem)bench.System;
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
        bench.Fact($"protobuf round trip keeps: {Fidelity(viaProtobuf, reply)}; {protobuf.ToBinary(reply).Length} bytes");
        bench.Fact($"JSON round trip keeps: {Fidelity(viaJson, reply)}; {json.ToBinary(reply).Length} bytes");

        var operations = bench.Quick ? 500 : 2_000;
        bench.Add(await RatioBench.RunAsync("wire: round trip of WorkflowDescribed (memo, 2 pending activities)", operations, bench.Rounds,
            "HourglassSerializer (protobuf)", n =>
            {
                for (var i = 0; i < n; i++) protobuf.FromBinary(protobuf.ToBinary(reply), manifest);
                return Task.CompletedTask;
            },
            "Akka default (Newtonsoft JSON)", n =>
            {
                for (var i = 0; i < n; i++) json.FromBinary(json.ToBinary(reply), typeof(WorkflowDescribed));
                return Task.CompletedTask;
            }, bench.Warmup));
    }
}
