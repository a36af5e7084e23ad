using Temporalio.Api.WorkflowService.V1;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class ConnectionTests
{
    [Fact]
    public async Task Connecting_calls_GetSystemInfo_first_and_it_is_recorded_with_the_client_headers()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        Assert.True(server.IsRunning);
        Assert.Equal($"127.0.0.1:{server.Port}", server.Target);

        var connection = await ConnectAsync(server);

        var first = Assert.Single(server.Requests);
        Assert.Equal("GetSystemInfo", first.Method);
        Assert.IsType<GetSystemInfoRequest>(first.Request);
        Assert.Equal("temporal-dotnet", first.Headers["client-name"]);
        Assert.False(first.Headers.ContainsKey("authorization"));
        Assert.True(connection.IsConnected);

        var info = await connection.WorkflowService.GetSystemInfoAsync(new GetSystemInfoRequest(), Rpc());
        Assert.Equal(server.Temporal.ServerVersion, info.ServerVersion);
    }

    [Fact]
    public async Task A_method_not_served_answers_Unimplemented_and_is_recorded()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);

        var (error, _) = await FailsAsync(() => connection.WorkflowService.ListSchedulesAsync(
            new ListSchedulesRequest { Namespace = "default", Query = "ScheduleId = 'nightly'" }, Rpc()));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        var list = Assert.Single(server.RequestsOf<ListSchedulesRequest>());
        Assert.Equal("ScheduleId = 'nightly'", list.Query);
        Assert.DoesNotContain("ListSchedules", FakeTemporalServer.ServedMethods);
    }

    [Fact]
    public async Task A_thousand_calls_on_one_connection_open_exactly_one_TCP_connection()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);

        // 1,000 calls, up to 20 in flight at once: HTTP/2 multiplexes them on the one connection.
        using var inFlight = new SemaphoreSlim(20);
        var calls = Enumerable.Range(0, 1000).Select(async _ =>
        {
            await inFlight.WaitAsync();
            try
            {
                await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());
            }
            finally
            {
                inFlight.Release();
            }
        });
        await Task.WhenAll(calls);

        Assert.Equal(1000, server.RequestsOf<DescribeNamespaceRequest>().Count);
        Assert.Equal(1, server.ConnectionsOpened);
        Assert.Equal(1, server.OpenConnections);
    }

    [Fact]
    public async Task Records_can_be_cleared_and_waited_for()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.ClearRecords();
        Assert.Empty(server.Requests);

        var waiting = server.WaitForRequestAsync<StartWorkflowExecutionRequest>(r => r.WorkflowId == "awaited", Timeout());
        Assert.False(waiting.IsCompleted);
        await connection.WorkflowService.StartWorkflowExecutionAsync(Start("other"), Rpc());
        Assert.False(waiting.IsCompleted);
        await connection.WorkflowService.StartWorkflowExecutionAsync(Start("awaited"), Rpc());

        Assert.Equal("awaited", (await waiting).WorkflowId);
        // Already recorded: answered at once.
        var other = await server.WaitForRequestAsync(r => r.Request is StartWorkflowExecutionRequest { WorkflowId: "other" });
        Assert.Equal("StartWorkflowExecution", other.Method);
    }

    [Fact]
    public async Task Waiting_for_a_request_that_never_comes_ends_with_the_token()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = server.WaitForRequestAsync<TerminateWorkflowExecutionRequest>(cancellationToken: cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
