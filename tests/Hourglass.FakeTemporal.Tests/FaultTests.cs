using System.Diagnostics;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class FaultTests
{
    [Fact]
    public async Task An_injected_status_arrives_with_its_failure_detail_and_is_recorded()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var fault = server.InjectFault("StartWorkflowExecution", FakeFault.Error(
            StatusCode.ResourceExhausted, "namespace rate limit exceeded",
            new ResourceExhaustedFailure { Cause = Temporalio.Api.Enums.V1.ResourceExhaustedCause.RpsLimit }));

        var (error, _) = await FailsAsync(() => connection.WorkflowService.StartWorkflowExecutionAsync(Start("limited"), Rpc()));

        Assert.Equal(StatusCode.ResourceExhausted, error.Code);
        Assert.Equal("namespace rate limit exceeded", error.Message);
        var detail = Assert.Single(error.GrpcStatus.Value!.Details).Unpack<ResourceExhaustedFailure>();
        Assert.Equal(Temporalio.Api.Enums.V1.ResourceExhaustedCause.RpsLimit, detail.Cause);
        Assert.Single(server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.False(fault.IsActive);
        Assert.Equal(1, fault.TimesApplied);

        // Used up: the next start goes through, and the workflow was never started by the failed one.
        var started = await connection.WorkflowService.StartWorkflowExecutionAsync(Start("limited"), Rpc());
        Assert.True(started.Started);
    }

    [Fact]
    public async Task A_status_without_detail_has_no_details()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("DescribeNamespace", FakeFault.Error(StatusCode.Unavailable, "try again later"));

        var (error, _) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));

        Assert.Equal(StatusCode.Unavailable, error.Code);
        Assert.Equal("try again later", error.Message);
        Assert.Empty(error.GrpcStatus.Value?.Details ?? []);
    }

    [Fact]
    public async Task A_fault_acts_on_the_next_N_calls_of_its_method_only()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var fault = server.InjectFault("DescribeNamespace", FakeFault.Error(StatusCode.Internal, "boom"), times: 2);

        await connection.WorkflowService.StartWorkflowExecutionAsync(Start("unaffected"), Rpc());
        await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));
        Assert.Equal(1, fault.RemainingCalls);
        await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        Assert.Equal(2, fault.TimesApplied);
        Assert.Empty(server.Faults);
        Assert.Equal(4, server.Requests.Count(r => r.Method != "GetSystemInfo"));
    }

    [Fact]
    public async Task A_lasting_fault_acts_until_removed_and_faults_can_be_cleared()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var lasting = server.InjectFaultForAllMethods(FakeFault.Error(StatusCode.Unavailable, "down"), times: null);

        for (var i = 0; i < 3; i++)
            Assert.Equal(StatusCode.Unavailable, (await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()))).Error.Code);
        Assert.Null(lasting.RemainingCalls);
        lasting.Remove();
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        server.InjectFault("DescribeNamespace", FakeFault.Error(StatusCode.Internal, "a"), times: null);
        server.InjectFaultForAllMethods(FakeFault.Error(StatusCode.Internal, "b"), times: null);
        Assert.Equal(2, server.Faults.Count);
        server.ClearFaults();
        Assert.Empty(server.Faults);
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());
    }

    [Fact]
    public async Task A_method_fault_wins_over_an_all_methods_fault()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        using var everywhere = server.InjectFaultForAllMethods(FakeFault.Error(StatusCode.Internal, "everywhere"), times: null);
        using var specific = server.InjectFault("DescribeNamespace", FakeFault.Error(StatusCode.PermissionDenied, "specific"));

        Assert.Equal(StatusCode.PermissionDenied, (await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()))).Error.Code);
        Assert.Equal(StatusCode.Internal, (await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()))).Error.Code);
    }

    [Fact]
    public async Task Injecting_for_a_method_WorkflowService_does_not_have_is_refused()
    {
        await using var server = await FakeTemporalServer.StartAsync();

        Assert.Throws<ArgumentException>(() => server.InjectFault("StartWorkflow", FakeFault.AbortCall()));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.InjectFault("StartWorkflowExecution", FakeFault.AbortCall(), times: 0));
        Assert.Empty(server.Faults);
    }

    [Fact]
    public async Task A_delay_shorter_than_the_deadline_answers_normally_after_it()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("DescribeNamespace", FakeFault.Delayed(TimeSpan.FromMilliseconds(200)));

        var watch = Stopwatch.StartNew();
        var described = await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(190), $"answered after {watch.Elapsed}");
        Assert.Equal("default", described.NamespaceInfo.Name);
    }

    [Fact]
    public async Task A_delay_longer_than_the_deadline_fails_at_the_deadline_and_does_not_hold_the_server()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("DescribeNamespace", FakeFault.Delayed(TimeSpan.FromMinutes(5)));
        var timeout = TimeSpan.FromMilliseconds(300);

        var (error, elapsed) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc(timeout)));

        // Temporalio enforces the timeout in the client and reports it as Cancelled ("Timeout expired").
        Assert.Contains(error.Code, new[] { StatusCode.DeadlineExceeded, StatusCode.Cancelled });
        Assert.True(elapsed >= timeout - TimeSpan.FromMilliseconds(50), $"failed after {elapsed}");
        Assert.True(elapsed < timeout + TimeSpan.FromSeconds(3), $"failed after {elapsed}");
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());
    }

    [Fact]
    public async Task A_delayed_error_fails_after_the_delay()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("DescribeNamespace", FakeFault.Error(StatusCode.Unavailable, "slow and down").After(TimeSpan.FromMilliseconds(200)));

        var (error, elapsed) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));

        Assert.Equal(StatusCode.Unavailable, error.Code);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(190), $"failed after {elapsed}");
    }

    [Fact]
    public async Task An_aborted_call_fails_and_the_next_call_on_the_same_connection_succeeds()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("StartWorkflowExecution", FakeFault.AbortCall());

        var (error, _) = await FailsAsync(() => connection.WorkflowService.StartWorkflowExecutionAsync(Start("aborted"), Rpc()));

        // The stream is reset (RST_STREAM); tonic reports it as Internal "h2 protocol error".
        Assert.Equal(StatusCode.Internal, error.Code);
        var started = await connection.WorkflowService.StartWorkflowExecutionAsync(Start("aborted"), Rpc());
        Assert.True(started.Started);
        Assert.Equal(1, server.ConnectionsOpened);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_call_and_the_client_reconnects_for_the_next()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        server.InjectFault("DescribeNamespace", FakeFault.DropConnection());

        var (error, _) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc()));

        // The TCP connection closes under the call; tonic reports Unknown "transport error".
        Assert.Contains(error.Code, new[] { StatusCode.Unknown, StatusCode.Unavailable });
        // Now and then (about 1 in 50 here) the client hands the next call to the dead connection
        // before it has noticed the close, and that call fails as Cancelled; the one after reconnects.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());
                break;
            }
            catch (Temporalio.Exceptions.RpcException e) when (attempt < 3 && e.Code == StatusCode.Cancelled)
            {
            }
        }
        Assert.Equal(2, server.ConnectionsOpened);
    }
}
