using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using Hourglass.Tests.Support;
using static Hourglass.Tests.Mock.Visibility.VisibilityFixtures;

namespace Hourglass.Tests.Mock.Visibility;

/// <summary>
/// ListWorkflowExecutions and CountWorkflowExecutions on the in-memory Temporal itself: what a
/// listed execution carries, the server's order, paging with tokens, GROUP BY, and the errors.
/// </summary>
public sealed class InMemoryVisibilityTests
{
    private readonly SteppingClock _clock = new(T0);
    private readonly InMemoryTemporal _temporal;

    public InMemoryVisibilityTests() => _temporal = new InMemoryTemporal(["default", "other"], _clock);

    private string Start(string workflowId, string type = "OrderWorkflow", string queue = "orders", string @namespace = "default",
        Dictionary<string, Payload>? attributes = null, Memo? memo = null, TimeSpan? delay = null)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = @namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = type },
            TaskQueue = new TaskQueue { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
            Memo = memo,
            WorkflowStartDelay = delay is { } d ? Duration.FromTimeSpan(d) : null,
        };
        if (attributes is not null) request.SearchAttributes = new SearchAttributes { IndexedFields = { attributes } };
        return _temporal.StartWorkflowExecution(request).RunId;
    }

    private WorkflowExecution Complete(string workflowId)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return _temporal.CompleteWorkflow("default", new WorkflowExecution { WorkflowId = workflowId }, null);
    }

    private ListWorkflowExecutionsResponse List(string query = "", int pageSize = 0, ByteString? token = null, string @namespace = "default") =>
        _temporal.ListWorkflowExecutions(new ListWorkflowExecutionsRequest
        {
            Namespace = @namespace, Query = query, PageSize = pageSize, NextPageToken = token ?? ByteString.Empty,
        });

    private static string Ids(ListWorkflowExecutionsResponse page) => string.Join(",", page.Executions.Select(e => e.Execution.WorkflowId));

    private static RpcException Refused(Action call) => Assert.Throws<RpcException>(call);

    [Fact]
    public void A_listed_execution_carries_what_the_servers_list_shows()
    {
        var memo = new Memo { Fields = { ["customer"] = HourglassPayload.From("alice") } };
        var runId = Start("order-1", attributes: new() { ["CustomKeywordField"] = Attribute("vip", IndexedValueType.Keyword) },
            memo: memo, delay: TimeSpan.FromMinutes(5));
        var started = _clock.GetUtcNow();

        var open = Assert.Single(List().Executions);
        Assert.Equal(("order-1", runId), (open.Execution.WorkflowId, open.Execution.RunId));
        Assert.Equal("OrderWorkflow", open.Type.Name);
        Assert.Equal("orders", open.TaskQueue);
        Assert.Equal(WorkflowExecutionStatus.Running, open.Status);
        Assert.Equal(started, open.StartTime.ToDateTimeOffset());
        Assert.Equal(started.AddMinutes(5), open.ExecutionTime.ToDateTimeOffset());
        Assert.Null(open.CloseTime);
        Assert.Equal(0, open.HistoryLength);   // written at close, as visibility does
        Assert.Equal("alice", open.Memo.Fields["customer"].ToValue<string>());
        Assert.Equal("vip", open.SearchAttributes.IndexedFields["CustomKeywordField"].ToValue<string>());
        Assert.Equal(("order-1", runId), (open.RootExecution.WorkflowId, open.RootExecution.RunId));

        Complete("order-1");
        var closed = Assert.Single(List().Executions);
        var described = _temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = new() { WorkflowId = "order-1" } });
        Assert.Equal(WorkflowExecutionStatus.Completed, closed.Status);
        Assert.Equal(_clock.GetUtcNow(), closed.CloseTime.ToDateTimeOffset());
        Assert.Equal(described.WorkflowExecutionInfo.HistoryLength, closed.HistoryLength);
        Assert.Equal(described.WorkflowExecutionInfo.HistorySizeBytes, closed.HistorySizeBytes);
        Assert.True(closed.HistoryLength >= 5);
        // Closed before its start delay was over: no time ran, as describe says too.
        Assert.Equal(TimeSpan.Zero, closed.ExecutionDuration.ToTimeSpan());
        Assert.Equal(described.WorkflowExecutionInfo.ExecutionDuration, closed.ExecutionDuration);
    }

    [Fact]
    public void Open_runs_come_first_newest_start_first_then_closed_ones_latest_close_first()
    {
        Start("a");
        Start("b");
        Start("c");
        Start("d");
        Complete("b");
        Complete("a");

        Assert.Equal("d,c,a,b", Ids(List()));
    }

    [Fact]
    public void Every_run_of_a_workflow_id_is_listed_and_a_continued_run_is_its_own_row()
    {
        var first = Start("order-1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = _temporal.ContinueAsNew("default", new WorkflowExecution { WorkflowId = "order-1", RunId = first }, null);

        var runs = List().Executions;
        Assert.Equal([second.RunId, first], runs.Select(r => r.Execution.RunId));
        Assert.Equal([WorkflowExecutionStatus.Running, WorkflowExecutionStatus.ContinuedAsNew], runs.Select(r => r.Status));
        Assert.Equal(first, Assert.Single(List("ExecutionStatus = 'ContinuedAsNew'").Executions).Execution.RunId);
        Assert.Equal(second.RunId, Assert.Single(List($"RunId = '{second.RunId}'").Executions).Execution.RunId);
    }

    [Fact]
    public void Pages_follow_the_token_without_repeating_or_skipping_even_when_runs_start_and_close_between_pages()
    {
        for (var i = 0; i < 25; i++) Start($"order-{i:D2}");

        var first = List(pageSize: 10);
        Assert.Equal(10, first.Executions.Count);
        Assert.False(first.NextPageToken.IsEmpty);
        Start("newcomer");                     // newer than anything: sorts before the token, not on a later page
        var second = List(pageSize: 10, token: first.NextPageToken);
        var third = List(pageSize: 10, token: second.NextPageToken);

        var seen = first.Executions.Concat(second.Executions).Concat(third.Executions).Select(e => e.Execution.WorkflowId).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"order-{24 - i:D2}"), seen);
        Assert.Equal(5, third.Executions.Count);
        Assert.True(third.NextPageToken.IsEmpty);
    }

    [Fact]
    public void A_last_page_that_is_exactly_full_is_followed_by_an_empty_one_as_on_SQL_visibility()
    {
        for (var i = 0; i < 4; i++) Start($"order-{i}");

        var first = List(pageSize: 2);
        var second = List(pageSize: 2, token: first.NextPageToken);
        var third = List(pageSize: 2, token: second.NextPageToken);

        Assert.Equal((2, 2, 0), (first.Executions.Count, second.Executions.Count, third.Executions.Count));
        Assert.False(second.NextPageToken.IsEmpty);
        Assert.True(third.NextPageToken.IsEmpty);
    }

    [Fact]
    public void The_query_filters_every_page()
    {
        for (var i = 0; i < 30; i++) Start($"w-{i:D2}", type: i % 3 == 0 ? "Special" : "Plain");

        var ids = new List<string>();
        var token = ByteString.Empty;
        do
        {
            var page = List("WorkflowType = 'Special'", pageSize: 4, token: token);
            ids.AddRange(page.Executions.Select(e => e.Execution.WorkflowId));
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);

        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 3 == 0).Reverse().Select(i => $"w-{i:D2}"), ids);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(5000)]
    public void A_page_size_of_zero_or_beyond_1000_is_1000_as_on_the_server(int pageSize)
    {
        for (var i = 0; i < 1001; i++) Start($"w-{i}");

        var page = List(pageSize: pageSize);

        Assert.Equal(1000, page.Executions.Count);
        Assert.Equal("w-0", Assert.Single(List(token: page.NextPageToken).Executions).Execution.WorkflowId);
    }

    [Fact]
    public void Tens_of_thousands_of_runs_page_through_in_order()
    {
        for (var i = 0; i < 20_000; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            _temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
            {
                Namespace = "default", WorkflowId = $"w-{i:D5}", WorkflowType = new WorkflowType { Name = "Bulk" },
                TaskQueue = new TaskQueue { Name = "bulk" }, RequestId = Guid.NewGuid().ToString(),
            });
        }

        var seen = 0;
        var previous = int.MaxValue;
        var token = ByteString.Empty;
        do
        {
            var page = List(token: token);
            foreach (var execution in page.Executions)
            {
                var n = int.Parse(execution.Execution.WorkflowId[2..]);
                Assert.True(n < previous);
                previous = n;
                seen++;
            }
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);

        Assert.Equal(20_000, seen);
        Assert.Equal(20_000, _temporal.CountWorkflowExecutions(new() { Namespace = "default" }).Count);
        Assert.Equal(10, _temporal.CountWorkflowExecutions(new() { Namespace = "default", Query = "WorkflowId STARTS_WITH 'w-1999'" }).Count);
    }

    [Fact]
    public void Count_counts_what_matches_and_GROUP_BY_ExecutionStatus_counts_per_status_in_status_order()
    {
        Start("a");
        Start("b");
        Start("c", type: "Other");
        Start("d");
        Complete("a");
        _temporal.FailWorkflow("default", new WorkflowExecution { WorkflowId = "b" }, new Temporalio.Api.Failure.V1.Failure { Message = "boom" });

        Assert.Equal(4, _temporal.CountWorkflowExecutions(new() { Namespace = "default" }).Count);
        Assert.Equal(3, _temporal.CountWorkflowExecutions(new() { Namespace = "default", Query = "WorkflowType = 'OrderWorkflow'" }).Count);
        var plain = _temporal.CountWorkflowExecutions(new() { Namespace = "default", Query = "ExecutionStatus = 'Running'" });
        Assert.Equal(2, plain.Count);
        Assert.Empty(plain.Groups);

        var grouped = _temporal.CountWorkflowExecutions(new() { Namespace = "default", Query = "GROUP BY ExecutionStatus" });
        Assert.Equal(4, grouped.Count);
        Assert.Equal([("Running", 2L), ("Completed", 1L), ("Failed", 1L)],
            grouped.Groups.Select(g => (g.GroupValues.Single().ToValue<string>(), g.Count)));
        var value = grouped.Groups[0].GroupValues.Single();
        Assert.Equal("json/plain", value.Metadata["encoding"].ToStringUtf8());
        Assert.Equal("Keyword", value.Metadata["type"].ToStringUtf8());

        var filtered = _temporal.CountWorkflowExecutions(new() { Namespace = "default", Query = "WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus" });
        Assert.Equal([("Running", 1L), ("Completed", 1L), ("Failed", 1L)],
            filtered.Groups.Select(g => (g.GroupValues.Single().ToValue<string>(), g.Count)));
        Assert.Equal(0, _temporal.CountWorkflowExecutions(new() { Namespace = "other", Query = "GROUP BY ExecutionStatus" }).Count);
    }

    [Fact]
    public void Custom_search_attributes_filter_with_the_namespaces_types()
    {
        Start("vip", attributes: new() { ["CustomKeywordField"] = Attribute("vip", IndexedValueType.Keyword), ["CustomIntField"] = Attribute(7, IndexedValueType.Int) });
        Start("plain");
        _temporal.AddSearchAttribute("default", "Region", IndexedValueType.Keyword);
        Start("eu", attributes: new() { ["Region"] = Attribute("eu-west", IndexedValueType.Keyword) });

        Assert.Equal("vip", Ids(List("CustomKeywordField = 'vip' AND CustomIntField > 5")));
        Assert.Equal("eu", Ids(List("Region STARTS_WITH 'eu-'")));
        var refused = Refused(() => List("Region = 'eu-west'", @namespace: "other"));
        Assert.Equal("invalid query: invalid expression: column name 'Region' is not a valid search attribute", refused.Message);
    }

    [Fact]
    public void Namespaces_are_listed_apart_and_a_missing_one_is_NamespaceNotFound()
    {
        Start("here");
        Start("there", @namespace: "other");

        Assert.Equal("here", Ids(List()));
        Assert.Equal("there", Ids(List(@namespace: "other")));
        foreach (var call in new Action[]
                 {
                     () => List(@namespace: "nowhere"),
                     () => _temporal.CountWorkflowExecutions(new() { Namespace = "nowhere" }),
                 })
        {
            var refused = Refused(call);
            Assert.Equal(RpcException.StatusCode.NotFound, refused.Code);
            Assert.Equal("Namespace nowhere is not found.", refused.Message);
            Assert.Equal("nowhere", refused.GrpcStatus.Value!.Details[0].Unpack<NamespaceNotFoundFailure>().Namespace);
        }
    }

    [Theory]
    [InlineData("Nope = 1", "invalid query: invalid expression: column name 'Nope' is not a valid search attribute")]
    [InlineData("ORDER BY StartTime", "invalid query: operation is not supported: 'ORDER BY' clause")]
    [InlineData("GROUP BY ExecutionStatus", "invalid query: operation is not supported: 'GROUP BY' clause")]
    [InlineData("WorkflowId = 'x' trailing", "invalid query: malformed SQL query: syntax error at position 53 near 'trailing'")]
    public void A_query_the_server_refuses_is_InvalidArgument_with_its_message(string query, string message)
    {
        var refused = Refused(() => List(query));
        Assert.Equal((RpcException.StatusCode.InvalidArgument, message), (refused.Code, refused.Message));
    }

    [Fact]
    public void Count_refuses_what_the_server_refuses()
    {
        var refused = Refused(() => _temporal.CountWorkflowExecutions(new() { Namespace = "default", Query = "GROUP BY WorkflowType" }));
        Assert.Equal((RpcException.StatusCode.InvalidArgument, "invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute WorkflowType"),
            (refused.Code, refused.Message));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"StartTime\":\"yesterday\",\"RunID\":\"x\"}")]
    public void A_token_this_engine_did_not_make_is_InvalidArgument(string token)
    {
        Start("a");
        var refused = Refused(() => List(token: ByteString.CopyFrom(Encoding.UTF8.GetBytes(token))));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, refused.Code);
        Assert.StartsWith("unable to deserialize page token: ", refused.Message);
    }

    [Fact]
    public void A_token_past_every_run_is_an_empty_last_page()
    {
        Start("a");
        Start("b");
        var first = List(pageSize: 2);
        Assert.Empty(List(token: first.NextPageToken).Executions);
        Assert.Empty(List(token: first.NextPageToken, @namespace: "other").Executions);
    }
}
