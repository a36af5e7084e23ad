using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.FakeTemporal.Tests;

/// <summary>ListWorkflowExecutions and CountWorkflowExecutions over gRPC, raw: pages, tokens and refusals as a server sends them.</summary>
public sealed class VisibilityTests
{
    [Fact]
    public async Task List_pages_with_the_servers_token_and_count_groups_by_status()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        foreach (var id in new[] { "greet-1", "greet-2", "greet-3" })
            await connection.WorkflowService.StartWorkflowExecutionAsync(Start(id), Rpc());

        var first = await connection.WorkflowService.ListWorkflowExecutionsAsync(
            new ListWorkflowExecutionsRequest { Namespace = "default", Query = "WorkflowType = 'Greeter'", PageSize = 2 }, Rpc());
        var second = await connection.WorkflowService.ListWorkflowExecutionsAsync(
            new ListWorkflowExecutionsRequest { Namespace = "default", Query = "WorkflowType = 'Greeter'", PageSize = 2, NextPageToken = first.NextPageToken }, Rpc());
        var counted = await connection.WorkflowService.CountWorkflowExecutionsAsync(
            new CountWorkflowExecutionsRequest { Namespace = "default", Query = "GROUP BY ExecutionStatus" }, Rpc());

        Assert.Equal(2, first.Executions.Count);
        Assert.False(first.NextPageToken.IsEmpty);
        Assert.Single(second.Executions);
        Assert.True(second.NextPageToken.IsEmpty);
        Assert.Equal(3, counted.Count);
        Assert.Equal(3, Assert.Single(counted.Groups).Count);
        Assert.Equal("\"Running\"", counted.Groups[0].GroupValues[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task A_refused_query_is_INVALID_ARGUMENT_and_a_missing_namespace_NOT_FOUND_with_its_detail()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);

        var (refused, _) = await FailsAsync(() => connection.WorkflowService.ListWorkflowExecutionsAsync(
            new ListWorkflowExecutionsRequest { Namespace = "default", Query = "WorkflowId LIKE 'greet%'" }, Rpc()));
        var (missing, _) = await FailsAsync(() => connection.WorkflowService.CountWorkflowExecutionsAsync(
            new CountWorkflowExecutionsRequest { Namespace = "nowhere" }, Rpc()));

        Assert.Equal(StatusCode.InvalidArgument, refused.Code);
        Assert.Equal("invalid query: invalid expression: invalid operator 'like' in `WorkflowId like 'greet%'`", refused.Message);
        Assert.Equal(StatusCode.NotFound, missing.Code);
        Assert.Equal("nowhere", missing.GrpcStatus.Value!.Details[0].Unpack<NamespaceNotFoundFailure>().Namespace);
        Assert.Contains("ListWorkflowExecutions", FakeTemporalServer.ServedMethods);
        Assert.Contains("CountWorkflowExecutions", FakeTemporalServer.ServedMethods);
    }
}
