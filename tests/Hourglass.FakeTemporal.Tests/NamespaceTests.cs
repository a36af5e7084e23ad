using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class NamespaceTests
{
    [Fact]
    public async Task A_registered_namespace_can_be_described()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);

        await connection.WorkflowService.RegisterNamespaceAsync(new RegisterNamespaceRequest
        {
            Namespace = "orders",
            Description = "order processing",
            WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(7)),
        }, Rpc());
        var described = await connection.WorkflowService.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = "orders" }, Rpc());

        Assert.Equal("orders", described.NamespaceInfo.Name);
        Assert.Equal("order processing", described.NamespaceInfo.Description);
        Assert.Equal(TimeSpan.FromDays(7), described.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());
        Assert.True(server.Temporal.HasNamespace("orders"));
        Assert.Equal("orders", Assert.Single(server.RequestsOf<RegisterNamespaceRequest>()).Namespace);
    }

    [Fact]
    public async Task A_missing_namespace_is_NotFound_with_NamespaceNotFoundFailure()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);

        var (error, _) = await FailsAsync(() => connection.WorkflowService.DescribeNamespaceAsync(
            new DescribeNamespaceRequest { Namespace = "nowhere" }, Rpc()));

        Assert.Equal(StatusCode.NotFound, error.Code);
        var detail = Assert.Single(error.GrpcStatus.Value!.Details);
        Assert.Equal("nowhere", detail.Unpack<NamespaceNotFoundFailure>().Namespace);
    }

    [Fact]
    public async Task Registering_twice_is_AlreadyExists_with_NamespaceAlreadyExistsFailure()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);

        var (error, _) = await FailsAsync(() => connection.WorkflowService.RegisterNamespaceAsync(
            new RegisterNamespaceRequest { Namespace = "default", WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(1)) }, Rpc()));

        Assert.Equal(StatusCode.AlreadyExists, error.Code);
        Assert.Equal("Namespace \"default\" already exists", error.Message);
        Assert.True(Assert.Single(error.GrpcStatus.Value!.Details).Is(NamespaceAlreadyExistsFailure.Descriptor));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(59)]
    public async Task A_retention_missing_or_under_an_hour_is_InvalidArgument_in_the_servers_words(int? minutes)
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var request = new RegisterNamespaceRequest { Namespace = "short-lived" };
        if (minutes is { } m) request.WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromMinutes(m));

        var (error, _) = await FailsAsync(() => connection.WorkflowService.RegisterNamespaceAsync(request, Rpc()));

        Assert.Equal((StatusCode.InvalidArgument, "A valid retention period is not set on request."), (error.Code, error.Message));
        Assert.False(server.Temporal.HasNamespace("short-lived"));
    }

    [Fact]
    public async Task The_minimum_retention_is_the_engines_to_set()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        server.Temporal.MinimumRetention = TimeSpan.FromMinutes(10);
        var connection = await ConnectAsync(server);

        await connection.WorkflowService.RegisterNamespaceAsync(new RegisterNamespaceRequest
        {
            Namespace = "ten-minutes", WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromMinutes(10)),
        }, Rpc());

        Assert.True(server.Temporal.HasNamespace("ten-minutes"));
    }
}
