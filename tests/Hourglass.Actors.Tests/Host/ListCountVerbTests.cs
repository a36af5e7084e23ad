using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>The <c>list</c> and <c>count</c> verbs against the fake Temporal frontend, in text and in JSON.</summary>
public sealed class ListCountVerbTests : FakeServerCliTests
{
    private string StartTyped(string workflowId, string type, string @namespace = "default")
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = @namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = type },
            TaskQueue = new TaskQueue { Name = "billing" },
            RequestId = Guid.NewGuid().ToString(),
        };
        return Server.Temporal.StartWorkflowExecution(request).RunId;
    }

    [Fact]
    public async Task List_prints_a_table_of_the_matching_executions_newest_first()
    {
        var first = StartOnServer("order-1");
        var second = StartOnServer("order-2");
        StartTyped("invoice-1", "InvoiceWorkflow");
        Server.Temporal.CompleteWorkflow("default", Execution("order-1", first), null);

        var run = await Run("list", "--query", "WorkflowType = 'OrderWorkflow'");

        Succeeded(run);
        var lines = run.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^WORKFLOW ID +RUN ID +TYPE +STATUS +START TIME +TASK QUEUE$", lines[0]);
        Assert.Matches($@"^order-2 +{second} +OrderWorkflow +Running +\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{{3}}Z +orders$", lines[1]);
        Assert.Matches($@"^order-1 +{first} +OrderWorkflow +Completed +\S+ \S+ +orders$", lines[2]);
        // The columns line up.
        Assert.Equal(lines[0].IndexOf("RUN ID", StringComparison.Ordinal), lines[1].IndexOf(second, StringComparison.Ordinal));
        var sent = Assert.Single(Server.RequestsOf<ListWorkflowExecutionsRequest>());
        Assert.Equal(("default", "WorkflowType = 'OrderWorkflow'", 0), (sent.Namespace, sent.Query, sent.PageSize));
    }

    [Fact]
    public async Task List_pages_with_page_size_up_to_the_limit()
    {
        for (var i = 0; i < 7; i++) StartOnServer($"order-{i}");

        var limited = await Run("list", "--limit", "5", "--page-size", "2");
        var all = await Run("list", "--page-size", "3", "--json");

        Succeeded(limited);
        var rows = limited.Output.TrimEnd().Split('\n');
        Assert.Equal(7, rows.Length);   // header, 5 rows, and the note that more match
        Assert.StartsWith("order-6", rows[1]);
        Assert.StartsWith("order-2", rows[5]);
        Assert.Equal("(first 5 shown; more match: raise --limit)", rows[6].TrimEnd());
        var limitedPages = Server.RequestsOf<ListWorkflowExecutionsRequest>().Take(3).ToArray();
        Assert.All(limitedPages, p => Assert.Equal(2, p.PageSize));
        Assert.Equal(ByteString.Empty, limitedPages[0].NextPageToken);
        Assert.NotEqual(ByteString.Empty, limitedPages[1].NextPageToken);

        Succeeded(all);
        Assert.Equal(7, all.Json.GetArrayLength());
        Assert.Equal(3 + 3, Server.RequestsOf<ListWorkflowExecutionsRequest>().Count);   // 3 pages each time
    }

    [Fact]
    public async Task List_with_a_small_limit_asks_for_just_that_many()
    {
        for (var i = 0; i < 4; i++) StartOnServer($"order-{i}");

        var run = await Run("list", "--limit", "2");

        Succeeded(run);
        Assert.Equal(2, Assert.Single(Server.RequestsOf<ListWorkflowExecutionsRequest>()).PageSize);
        Assert.Contains("raise --limit", run.Output);
    }

    [Fact]
    public async Task List_in_json_is_an_array_of_the_executions_in_proto_JSON()
    {
        var runId = StartOnServer("order-1", "tenant-a");
        StartOnServer("order-2");

        var run = await Run("list", "--namespace", "tenant-a", "--json");

        Succeeded(run);
        var execution = Assert.Single(run.Json.EnumerateArray());
        Assert.Equal("order-1", execution.GetProperty("execution").GetProperty("workflowId").GetString());
        Assert.Equal(runId, execution.GetProperty("execution").GetProperty("runId").GetString());
        Assert.Equal("WORKFLOW_EXECUTION_STATUS_RUNNING", execution.GetProperty("status").GetString());
        Assert.Equal("OrderWorkflow", execution.GetProperty("type").GetProperty("name").GetString());
        Assert.Equal("orders", execution.GetProperty("taskQueue").GetString());
        Assert.Equal("tenant-a", Assert.Single(Server.RequestsOf<ListWorkflowExecutionsRequest>()).Namespace);
    }

    [Fact]
    public async Task List_of_nothing_says_so()
    {
        var empty = await Run("list");
        var none = await Run("list", "--query", "WorkflowId = 'nope'");
        var json = await Run("list", "--json");

        Succeeded(empty);
        Assert.Equal("No workflow executions", empty.Output.TrimEnd());
        Assert.Equal("No workflow executions match the query", none.Output.TrimEnd());
        Assert.Equal(0, json.Json.GetArrayLength());
    }

    [Fact]
    public async Task List_with_a_query_the_server_refuses_fails_with_its_message()
    {
        var text = await Run("list", "--query", "Nope = 1");
        var json = await Run("list", "--query", "ORDER BY StartTime", "--json");

        FailedWith(text, 1);
        Assert.Equal("", text.Output);
        Assert.StartsWith("hourglass: operation failed: InvalidArgument: invalid query: invalid expression: column name 'Nope' is not a valid search attribute", text.Error);
        FailedWith(json, 1);
        var error = json.Json.GetProperty("error");
        Assert.Equal("InvalidArgument", error.GetProperty("kind").GetString());
        Assert.Equal(3, error.GetProperty("grpcCode").GetInt32());
        Assert.Equal("invalid query: operation is not supported: 'ORDER BY' clause", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("--limit", "-1")]
    [InlineData("--limit", "ten")]
    [InlineData("--page-size", "1.5")]
    public async Task List_refuses_a_count_that_is_not_a_whole_number(string option, string value)
    {
        var run = await Run("list", option, value);

        FailedWith(run, 2);
        Assert.Contains($"{option} {value} is not a number of executions", run.Error);
        Assert.Empty(Server.RequestsOf<ListWorkflowExecutionsRequest>());
    }

    [Fact]
    public async Task Count_prints_the_total_and_the_groups()
    {
        var first = StartOnServer("order-1");
        StartOnServer("order-2");
        StartTyped("invoice-1", "InvoiceWorkflow");
        Server.Temporal.CompleteWorkflow("default", Execution("order-1", first), null);

        var total = await Run("count");
        var grouped = await Run("count", "--query", "WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus");

        Succeeded(total);
        Assert.Equal("Total: 3", total.Output.TrimEnd());
        Succeeded(grouped);
        var lines = grouped.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(["Total: 2", "  Running    1", "  Completed  1"], lines);
        Assert.Equal(["", "WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus"],
            Server.RequestsOf<CountWorkflowExecutionsRequest>().Select(r => r.Query));
    }

    [Fact]
    public async Task Count_in_json_has_the_count_and_the_groups_values()
    {
        StartOnServer("order-1", "tenant-a");
        StartOnServer("order-2", "tenant-a");

        var run = await Run("count", "--query", "GROUP BY ExecutionStatus", "--namespace", "tenant-a", "--json");

        Succeeded(run);
        Assert.Equal(2, run.Json.GetProperty("count").GetInt64());
        var group = Assert.Single(run.Json.GetProperty("groups").EnumerateArray());
        Assert.Equal(["Running"], group.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(2, group.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Count_of_an_unknown_namespace_is_NamespaceNotFound()
    {
        var run = await Run("count", "--namespace", "nowhere", "--json");

        FailedWith(run, 1);
        Assert.Equal("NamespaceNotFound", run.Json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Both_verbs_explain_themselves_in_help()
    {
        var list = await CliRun.Of("help", "list");
        var count = await CliRun.Of("count", "--help");

        Assert.Equal(0, list.Code);
        Assert.Contains("--query <query>", list.Output);
        Assert.Contains("--limit <n>", list.Output);
        Assert.Contains("--page-size <n>", list.Output);
        Assert.Contains("GROUP BY ExecutionStatus", count.Output);
    }
}
