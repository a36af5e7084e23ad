using Hourglass.Backends.Mock;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Benchmarks;

/// <summary>The in-memory Temporal's describe: its cost must not grow with the history.</summary>
public static class EngineBenchmarks
{
    public static async Task DescribeIsConstantAsync(BenchContext bench)
    {
        var temporal = new InMemoryTemporal(["default"]);
        var small = Start(temporal, "small");
        var large = Start(temporal, "large");
        for (var i = 0; i < 50_000; i++)
        {
            temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
            {
                Namespace = "default", WorkflowExecution = large, SignalName = "tick", RequestId = $"s{i}",
                Input = new Payloads { Payloads_ = { Hourglass.Protocol.HourglassPayload.From(i) } },
            });
        }
        var smallRequest = new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = small };
        var largeRequest = new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = large };
        var length = temporal.DescribeWorkflowExecution(largeRequest).WorkflowExecutionInfo.HistoryLength;
        bench.Fact($"describe: the large run has {length} events, the small one {temporal.DescribeWorkflowExecution(smallRequest).WorkflowExecutionInfo.HistoryLength}");
        var operations = bench.Quick ? 10_000 : 20_000;
        bench.Add(await RatioBench.RunAsync("in-memory describe: 50,000-event run against a 2-event run", operations, bench.Rounds,
            "2-event run", n =>
            {
                for (var i = 0; i < n; i++) temporal.DescribeWorkflowExecution(smallRequest);
                return Task.CompletedTask;
            },
            "50,000-event run", n =>
            {
                for (var i = 0; i < n; i++) temporal.DescribeWorkflowExecution(largeRequest);
                return Task.CompletedTask;
            }, bench.Warmup),
            "issue 8: describe on the engine, a 50,000-event run against a 2-event run (time)", maxRatio: 2.0);
    }

    private static WorkflowExecution Start(InMemoryTemporal temporal, string id)
    {
        var started = temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = id, RequestId = id, WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
        });
        return new WorkflowExecution { WorkflowId = id, RunId = started.RunId };
    }
}
