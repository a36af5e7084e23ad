using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class LifecycleTests
{
    [Fact]
    public async Task After_StopAsync_calls_fail_as_unreachable_and_after_RestartAsync_the_same_connection_works()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var started = await connection.WorkflowService.StartWorkflowExecutionAsync(Start("survivor"), Rpc());
        var port = server.Port;

        await server.StopAsync();
        Assert.False(server.IsRunning);
        Assert.Equal(0, server.OpenConnections);

        // The client may not have seen its connection close yet: a call racing the stop can fail on
        // the dying connection (Cancelled, Internal or Unknown) rather than as Unavailable.
        var (racing, _) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));
        Assert.Contains(racing.Code, new[] { StatusCode.Unavailable, StatusCode.Cancelled, StatusCode.Internal, StatusCode.Unknown });
        // From then on nothing listens: tonic cannot connect and says Unavailable "tcp connect error", at once.
        var (error, elapsed) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));
        Assert.Equal(StatusCode.Unavailable, error.Code);
        Assert.Contains("tcp connect error", error.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"failed after {elapsed}");
        // A new connection fails to connect.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server));
        Assert.StartsWith("Connection failed", refused.Message);

        await server.RestartAsync();
        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);

        // The same connection object reconnects by itself; state and records survived.
        var described = await connection.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = new() { WorkflowId = "survivor" },
        }, Rpc());
        Assert.Equal(started.RunId, described.WorkflowExecutionInfo.Execution.RunId);
        Assert.Equal(
            ["GetSystemInfo", "StartWorkflowExecution", "DescribeWorkflowExecution"],
            server.Requests.Select(r => r.Method));
        Assert.Equal(2, server.ConnectionsOpened);
    }

    [Fact]
    public async Task StopAsync_ends_a_call_held_by_a_delay_at_once()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("DescribeNamespace", FakeFault.Delayed(TimeSpan.FromMinutes(5)));

        var held = connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc(TimeSpan.FromSeconds(30)));
        await server.WaitForRequestAsync<DescribeNamespaceRequest>(cancellationToken: Timeout());
        await server.StopAsync();

        var (error, elapsed) = await FailsAsync(() => held);
        Assert.Equal(StatusCode.Unavailable, error.Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"failed after {elapsed}");
    }

    [Fact]
    public async Task StopAsync_releases_a_pending_history_long_poll_at_once_and_a_restarted_server_serves_it_again()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var run = (await connection.WorkflowService.StartWorkflowExecutionAsync(Start("polled"), Rpc())).RunId;
        var poll = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new() { WorkflowId = "polled", RunId = run },
            WaitNewEvent = true,
            HistoryEventFilterType = Temporalio.Api.Enums.V1.HistoryEventFilterType.CloseEvent,
        };
        var waiting = connection.WorkflowService.GetWorkflowExecutionHistoryAsync(poll, Rpc(TimeSpan.FromSeconds(60)));
        await server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(cancellationToken: Timeout());

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync();
        var stopped = stopping.Elapsed;

        var (error, _) = await FailsAsync(() => waiting);
        Assert.Equal(StatusCode.Unavailable, error.Code);
        // Released, not waited out: StopAsync did not need its shutdown timeout for it.
        Assert.True(stopped < TimeSpan.FromSeconds(5), $"stopped after {stopped}");

        await server.RestartAsync();
        server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "polled", RunId = run }, null);
        var closed = await connection.WorkflowService.GetWorkflowExecutionHistoryAsync(poll, new RpcOptions { Timeout = Patience, Retry = true });
        Assert.Equal(Temporalio.Api.Enums.V1.EventType.WorkflowExecutionCompleted, Assert.Single(closed.History.Events).EventType);
    }

    [Fact]
    public async Task RestartAsync_on_a_running_server_restarts_it_and_a_disposed_server_stays_down()
    {
        var server = await FakeTemporalServer.StartAsync();
        var port = server.Port;
        await server.RestartAsync();
        Assert.Equal(port, server.Port);
        var connection = await ConnectAsync(server);
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        await server.DisposeAsync();
        await server.StopAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.RestartAsync());
    }

    [Fact]
    public async Task A_fixed_port_and_a_shared_engine_can_be_given()
    {
        var temporal = new Hourglass.Backends.Mock.InMemoryTemporal(["default", "billing"]);
        int port;
        await using (var first = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = temporal }))
            port = first.Port;

        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = temporal, Port = port });
        Assert.Equal(port, server.Port);
        Assert.Same(temporal, server.Temporal);
        var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions($"127.0.0.1:{port}"));
        var billing = await connection.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "billing" }, Rpc());
        Assert.Equal("billing", billing.NamespaceInfo.Name);
    }
}
