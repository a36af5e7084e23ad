using System.Diagnostics;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Xunit;
using TemporalRpcException = Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

internal static class Support
{
    /// <summary>Generous bound for anything that should be quick, so a slow 2-core machine does not flake.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Options for a raw call: a deadline, and no retries so failures show as they arrive.</summary>
    public static RpcOptions Rpc(TimeSpan? timeout = null) => new() { Timeout = timeout ?? Patience, Retry = false };

    public static Task<TemporalConnection> ConnectAsync(FakeTemporalServer server, Action<TemporalConnectionOptions>? configure = null)
    {
        var options = new TemporalConnectionOptions(server.Target);
        configure?.Invoke(options);
        return TemporalConnection.ConnectAsync(options);
    }

    public static StartWorkflowExecutionRequest Start(string workflowId, string @namespace = "default") => new()
    {
        Namespace = @namespace,
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "Greeter" },
        TaskQueue = new TaskQueue { Name = "greetings" },
        RequestId = Guid.NewGuid().ToString(),
        Identity = "fake-temporal-tests",
    };

    public static DescribeNamespaceRequest DescribeDefault => new() { Namespace = "default" };

    /// <summary>Runs <paramref name="call"/>, expecting it to fail with a Temporalio RpcException; returns it and how long it took.</summary>
    public static async Task<(TemporalRpcException Error, TimeSpan Elapsed)> FailsAsync(Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TemporalRpcException>(call);
        return (error, watch.Elapsed);
    }

    public static CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;
}
