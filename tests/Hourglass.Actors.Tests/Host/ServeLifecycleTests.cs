using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>A node's start and stop: the namespace ensured while Temporal is away, the graceful drain.</summary>
public sealed class ServeLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopping_the_node_answers_the_operation_in_flight_and_exits_0()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(["default"]) });
        var runId = server.Temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = "slow-1",
            WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
            TaskQueue = new TaskQueue { Name = "orders" },
            RequestId = Guid.NewGuid().ToString(),
            WorkflowIdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
        }).RunId;
        await using var node = await RunningNode.StartAsync("--address", server.Target);
        server.InjectFault("DescribeWorkflowExecution", FakeFault.Delayed(TimeSpan.FromSeconds(1)));

        var describe = CliRun.Of("describe", "slow-1", "--via", node.Address, "--json");
        using var patience = new CancellationTokenSource(Patience);
        await server.WaitForRequestAsync<DescribeWorkflowExecutionRequest>(r => r.Execution.WorkflowId == "slow-1", patience.Token);
        var exit = await node.StopAsync();   // while the server holds the describe for a second
        var answered = await describe.WaitAsync(Patience);

        Assert.True(answered.Code == 0, $"{answered}\n{node}");
        Assert.Equal(runId, answered.Json.GetProperty("workflowExecutionInfo").GetProperty("execution").GetProperty("runId").GetString());
        Assert.True(exit == 0, node.ToString());
        Assert.Contains(node.Log.Lines, l => l.Contains("Hourglass drained"));
        Assert.Equal($"hourglass node at {node.Address} stopped", node.Output.Lines[^1]);
    }

    [Fact]
    public async Task A_node_that_cannot_listen_exits_1_without_its_up_line()
    {
        // 192.0.2.1 (TEST-NET-1) is on no interface of any machine: binding to it fails.
        var run = await CliRun.Of("serve", "--hostname", "192.0.2.1", "--port", "0", "--mock").WaitAsync(Patience);

        Assert.True(run.Code == HourglassCli.OperationError, run.ToString());
        Assert.DoesNotContain("node up", run.Output);
        Assert.Contains("Failed to bind to 192.0.2.1", run.Error);
    }

    [Fact]
    public async Task The_namespace_is_ensured_once_Temporal_is_back_and_the_node_serves_meanwhile()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(["default"]) });
        await server.StopAsync();
        var config = Path.Combine(Path.GetTempPath(), $"hourglass-serve-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "hourglass.host.ensure-retry { initial-backoff = 100ms, max-backoff = 400ms }");
        try
        {
            await using var node = await RunningNode.StartAsync("--address", server.Target, "--namespace", "payments", "--config", config);

            var retries = await node.Log.WaitForLinesAsync(l => l.Contains("Could not ensure namespace payments yet"), 2, Patience);
            var meanwhile = await CliRun.Of("status", "order-1", "--via", node.Address, "--json");
            await server.RestartAsync();
            using var patience = new CancellationTokenSource(Patience);
            var registered = await server.WaitForRequestAsync<RegisterNamespaceRequest>(r => r.Namespace == "payments", patience.Token);
            await node.Log.WaitForLineAsync(l => l.Contains("Namespace payments created"), Patience);

            Assert.Contains("(attempt 1): Unreachable", retries[0]);
            Assert.Contains("(attempt 2): Unreachable", retries[1]);
            Assert.False(node.Exit.IsCompleted, node.ToString());
            // The node answered, from its real backend: Temporal was away, the node was not.
            Assert.True(meanwhile.Code == HourglassCli.OperationError, meanwhile.ToString());
            var error = meanwhile.Json.GetProperty("error");
            Assert.Equal("Unreachable", error.GetProperty("kind").GetString());
            Assert.DoesNotContain("no Hourglass node answered", error.GetProperty("message").GetString());
            Assert.Equal("payments", registered.Namespace);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
