using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>
/// ListWorkflows and CountWorkflows through the real backend and the Temporalio client against the
/// fake frontend: what reaches the server, paging with the server's tokens, GROUP BY, and the
/// server's refusals as they cross gRPC.
/// </summary>
public sealed class RealBackendListCountTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly SteppingClock _clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    protected override FakeTemporalOptions ServerOptions() => new() { Temporal = new InMemoryTemporal(["default", "billing"], _clock) };

    private string Start(string workflowId, string type = "OrderWorkflow", string @namespace = "default", long? priority = null)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = @namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = type },
            TaskQueue = new TaskQueue { Name = "orders" },
            RequestId = Guid.NewGuid().ToString(),
        };
        if (priority is { } p)
        {
            var value = HourglassPayload.From(p);
            value.Metadata["type"] = ByteString.CopyFromUtf8("Int");
            request.SearchAttributes = new SearchAttributes { IndexedFields = { ["CustomIntField"] = value } };
        }
        return Server.Temporal.StartWorkflowExecution(request).RunId;
    }

    [Fact]
    public void List_sends_the_namespace_query_page_size_and_token_and_answers_the_servers_page()
    {
        var firstRun = Start("order-1", priority: 1);
        Start("order-2", priority: 9);
        Start("invoice-1", type: "InvoiceWorkflow", priority: 9);

        Router.Tell(new ListWorkflows("", "WorkflowType = 'OrderWorkflow' AND CustomIntField > 0") { PageSize = 1 });
        var first = ExpectMsg<WorkflowsListed>(Wait);
        Router.Tell(new ListWorkflows("", "WorkflowType = 'OrderWorkflow' AND CustomIntField > 0") { PageSize = 1, NextPageToken = first.NextPageToken });
        var second = ExpectMsg<WorkflowsListed>(Wait);
        Router.Tell(new ListWorkflows("", "WorkflowType = 'OrderWorkflow' AND CustomIntField > 0") { PageSize = 1, NextPageToken = second.NextPageToken });
        var third = ExpectMsg<WorkflowsListed>(Wait);

        Assert.Equal(("default", "order-2"), (first.Namespace, Assert.Single(first.Executions).Execution.WorkflowId));
        Assert.Equal(("order-1", firstRun), (Assert.Single(second.Executions).Execution.WorkflowId, second.Executions[0].Execution.RunId));
        Assert.Empty(third.Executions);
        Assert.True(third.NextPageToken.IsEmpty);
        Assert.Equal(9, first.Executions[0].SearchAttributes.IndexedFields["CustomIntField"].ToValue<long>());

        var sent = Server.RequestsOf<ListWorkflowExecutionsRequest>();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.Equal(("default", "WorkflowType = 'OrderWorkflow' AND CustomIntField > 0", 1), (s.Namespace, s.Query, s.PageSize)));
        Assert.Equal([ByteString.Empty, first.NextPageToken, second.NextPageToken], sent.Select(s => s.NextPageToken));
    }

    [Fact]
    public void Every_page_of_a_large_list_arrives_in_the_servers_order()
    {
        for (var i = 0; i < 1_234; i++) Start($"w-{i:D4}");
        Server.Temporal.CompleteWorkflow("default", new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = "w-0000" }, null);

        var seen = new List<string>();
        var token = ByteString.Empty;
        do
        {
            Router.Tell(new ListWorkflows("default", "") { NextPageToken = token });
            var page = ExpectMsg<WorkflowsListed>(Wait);
            seen.AddRange(page.Executions.Select(e => e.Execution.WorkflowId));
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);

        Assert.Equal(1_234, seen.Count);
        Assert.Equal(["w-1233", "w-1232"], seen.Take(2));
        Assert.Equal("w-0000", seen[^1]);   // the one closed run comes after every open one
        // A full page of the server's default 1000, then a short last page without a token.
        Assert.Equal(2, Server.RequestsOf<ListWorkflowExecutionsRequest>().Count);
    }

    [Fact]
    public void Count_with_GROUP_BY_ExecutionStatus_answers_the_groups_the_server_sends()
    {
        Start("order-1");
        Start("order-2");
        Start("other", @namespace: "billing");
        Server.Temporal.TimeOutWorkflow("default", new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = "order-1" });

        Router.Tell(new CountWorkflows("default", "GROUP BY ExecutionStatus"));
        var counted = ExpectMsg<WorkflowsCounted>(Wait);
        Router.Tell(new CountWorkflows("billing", ""));
        var billing = ExpectMsg<WorkflowsCounted>(Wait);

        Assert.Equal(2, counted.Count);
        Assert.Equal([(WorkflowExecutionStatus.Running, 1L), (WorkflowExecutionStatus.TimedOut, 1L)],
            counted.Groups.Select(g => (g.Status!.Value, g.Count)));
        Assert.Equal((1L, 0), (billing.Count, billing.Groups.Count));
        var sent = Server.RequestsOf<CountWorkflowExecutionsRequest>();
        Assert.Equal([("default", "GROUP BY ExecutionStatus"), ("billing", "")], sent.Select(s => (s.Namespace, s.Query)));
    }

    [Fact]
    public void The_servers_refusal_of_a_query_arrives_as_InvalidArgument_with_its_code_and_is_not_retried()
    {
        Router.Tell(new ListWorkflows("", "WorkflowId = 'x' ORDER BY StartTime"));
        var failed = ExpectMsg<OperationFailed>(Wait);
        Router.Tell(new CountWorkflows("", "GROUP BY WorkflowType"));
        var countFailed = ExpectMsg<OperationFailed>(Wait);

        Assert.Equal((ErrorKind.InvalidArgument, 3, "invalid query: operation is not supported: 'ORDER BY' clause"),
            (failed.Error.Kind, failed.Error.GrpcCode, failed.Error.Message));
        Assert.Equal("invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute WorkflowType",
            countFailed.Error.Message);
        Assert.Single(Server.RequestsOf<ListWorkflowExecutionsRequest>());
    }

    [Fact]
    public void A_missing_namespace_is_NamespaceNotFound()
    {
        Router.Tell(new ListWorkflows("nowhere", ""));
        var failed = ExpectMsg<OperationFailed>(Wait);
        Router.Tell(new CountWorkflows("nowhere", ""));
        var countFailed = ExpectMsg<OperationFailed>(Wait);

        Assert.Equal(ErrorKind.NamespaceNotFound, failed.Error.Kind);
        Assert.Equal(ErrorKind.NamespaceNotFound, countFailed.Error.Kind);
    }

    [Fact]
    public async Task The_Temporalio_clients_own_list_and_count_read_the_fake_frontend()
    {
        Start("order-1");
        Start("order-2");
        Start("invoice-1", type: "InvoiceWorkflow");
        var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(Server.Target));
        var client = new TemporalClient(connection, new TemporalClientOptions { Namespace = "default" });

        var ids = new List<string>();
        await foreach (var execution in client.ListWorkflowsAsync("WorkflowType = 'OrderWorkflow'", new WorkflowListOptions { Limit = 10 }))
            ids.Add(execution.Id);
        var count = await client.CountWorkflowsAsync("GROUP BY ExecutionStatus");

        Assert.Equal(["order-2", "order-1"], ids);
        Assert.Equal(3, count.Count);
        Assert.Equal(3, Assert.Single(count.Groups).Count);
    }

    [Fact]
    public async Task ListAllWorkflowsAsync_follows_the_servers_tokens_through_the_real_backend()
    {
        for (var i = 0; i < 5; i++) Start($"order-{i}");

        var ids = new List<string>();
        await foreach (var execution in Router.ListAllWorkflowsAsync(pageSize: 2, timeout: Wait))
            ids.Add(execution.Execution.WorkflowId);

        Assert.Equal(["order-4", "order-3", "order-2", "order-1", "order-0"], ids);
        Assert.Equal(3, Server.RequestsOf<ListWorkflowExecutionsRequest>().Count);
    }
}
