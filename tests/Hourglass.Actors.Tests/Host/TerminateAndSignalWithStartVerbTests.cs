using System.Text.Json;
using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary><c>terminate</c>, <c>signal-with-start</c> and <c>--search-attribute</c> against the fake Temporal frontend.</summary>
public sealed class TerminateAndSignalWithStartVerbTests : FakeServerCliTests
{
    protected override FakeTemporalOptions ServerOptions() => new()
    {
        Temporal = new InMemoryTemporal(["default", "tenant-a"],
            searchAttributes: new Dictionary<string, IndexedValueType> { ["CustomerId"] = IndexedValueType.Keyword }),
    };

    [Fact]
    public async Task Terminate_sends_the_reason_details_and_run_id_and_prints_the_handle()
    {
        var runId = StartOnServer("order-1", "tenant-a");
        var other = StartOnServer("order-2");

        var text = await Run("terminate", "order-1", "--reason", "stuck on a bad deploy", "--detail", "\"deploy-42\"", "--detail", "3",
            "--run-id", runId, "--namespace", "tenant-a");
        var json = await Run("terminate", "order-2", "--json");

        Succeeded(text);
        Assert.StartsWith("Terminated", text.Output);
        Assert.Contains($"run id       {runId}", text.Output);
        Assert.Contains("reason       stuck on a bad deploy", text.Output);
        Assert.Contains("details      \"deploy-42\", 3", text.Output);
        Succeeded(json);
        Assert.True(json.Json.GetProperty("terminated").GetBoolean());
        Assert.Equal(("order-2", "", "", 0), (json.Json.GetProperty("workflowId").GetString(), json.Json.GetProperty("runId").GetString(),
            json.Json.GetProperty("reason").GetString(), json.Json.GetProperty("details").GetInt32()));

        var sent = Server.RequestsOf<TerminateWorkflowExecutionRequest>();
        Assert.Equal(("tenant-a", "order-1", runId, "stuck on a bad deploy"),
            (sent[0].Namespace, sent[0].WorkflowExecution.WorkflowId, sent[0].WorkflowExecution.RunId, sent[0].Reason));
        Assert.Equal("deploy-42", sent[0].Details.Payloads_[0].ToValue<string>());
        Assert.Equal(3, sent[0].Details.Payloads_[1].ToValue<int>());
        Assert.Equal(("default", "", null), (sent[1].Namespace, sent[1].WorkflowExecution.RunId, sent[1].Details));
        var described = Server.Temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = Execution("order-2", other) });
        Assert.Equal(WorkflowExecutionStatus.Terminated, described.WorkflowExecutionInfo.Status);
    }

    [Fact]
    public async Task Terminate_of_a_closed_workflow_fails_NotFound_with_exit_1()
    {
        var runId = StartOnServer("order-3");
        Server.Temporal.CompleteWorkflow("default", Execution("order-3", runId), null);

        var text = await Run("terminate", "order-3");
        var json = await Run("terminate", "order-3", "--json");

        FailedWith(text, HourglassCli.OperationError);
        Assert.StartsWith("hourglass: operation failed: NotFound: workflow execution already completed", text.Error);
        FailedWith(json, HourglassCli.OperationError);
        Assert.Equal("NotFound", json.Json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Signal_with_start_starts_a_run_with_every_start_option_then_signals_the_running_run()
    {
        var first = await Run("signal-with-start", "OrderWorkflow", "order-4", "approve", "--signal-arg", "\"alice\"", "--signal-arg", "2",
            "--arg", "42", "--task-queue", "orders", "--id-reuse-policy", "reject", "--id-conflict-policy", "use-existing",
            "--execution-timeout", "1h", "--run-timeout", "30m", "--task-timeout", "20s", "--start-delay", "500ms",
            "--memo", "team=\"payments\"", "--search-attribute", "CustomerId=keyword:alice", "--search-attribute", "CustomIntField=int:7");
        var second = await Run("signal-with-start", "OrderWorkflow", "order-4", "nudge", "--json");

        Succeeded(first);
        Assert.StartsWith("Started a new run of OrderWorkflow on task queue orders and signaled approve (\"alice\", 2)", first.Output);
        Assert.Contains("workflow id  order-4", first.Output);
        Succeeded(second);
        var json = second.Json;
        Assert.False(json.GetProperty("started").GetBoolean());
        Assert.Equal("nudge", json.GetProperty("signal").GetString());

        var sent = Server.RequestsOf<SignalWithStartWorkflowExecutionRequest>();
        Assert.Equal(2, sent.Count);
        var runId = Server.Temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = new() { WorkflowId = "order-4" } })
            .WorkflowExecutionInfo.Execution.RunId;
        Assert.Contains($"run id       {runId}", first.Output);
        Assert.Equal(runId, json.GetProperty("runId").GetString());
        var s = sent[0];
        Assert.Equal(("default", "order-4", "OrderWorkflow", "orders", "approve"), (s.Namespace, s.WorkflowId, s.WorkflowType.Name, s.TaskQueue.Name, s.SignalName));
        Assert.Equal(("alice", 2, 42), (s.SignalInput.Payloads_[0].ToValue<string>(), s.SignalInput.Payloads_[1].ToValue<int>(), s.Input.Payloads_[0].ToValue<int>()));
        Assert.Equal((WorkflowIdReusePolicy.RejectDuplicate, WorkflowIdConflictPolicy.UseExisting), (s.WorkflowIdReusePolicy, s.WorkflowIdConflictPolicy));
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500)),
            (s.WorkflowExecutionTimeout.ToTimeSpan(), s.WorkflowRunTimeout.ToTimeSpan(), s.WorkflowTaskTimeout.ToTimeSpan(), s.WorkflowStartDelay.ToTimeSpan()));
        Assert.Equal("payments", s.Memo.Fields["team"].ToValue<string>());
        Assert.Equal(SearchAttributeValue.Keyword("alice"), SearchAttributeValue.FromPayload(s.SearchAttributes.IndexedFields["CustomerId"]));
        Assert.Equal(SearchAttributeValue.Int(7), SearchAttributeValue.FromPayload(s.SearchAttributes.IndexedFields["CustomIntField"]));
        Assert.Equal(("nudge", WorkflowIdConflictPolicy.Unspecified), (sent[1].SignalName, sent[1].WorkflowIdConflictPolicy));
    }

    [Fact]
    public async Task Signal_with_start_with_conflict_policy_fail_is_refused_before_any_call()
    {
        var run = await Run("signal-with-start", "OrderWorkflow", "order-5", "approve", "--id-conflict-policy", "fail");

        // Refused by Hourglass's validation before any call: exit 2, like a usage error.
        FailedWith(run, HourglassCli.UsageError);
        Assert.Contains("refused before any call: InvalidArgument: SignalWithStartWorkflow.Start.IdConflictPolicy", run.Error);
        Assert.Empty(Server.RequestsOf<SignalWithStartWorkflowExecutionRequest>());
    }

    [Fact]
    public async Task Start_takes_search_attributes_of_every_type_and_describe_shows_them_decoded()
    {
        var start = await Run("start", "OrderWorkflow", "order-6",
            "--search-attribute", "CustomerId=keyword:alice",
            "--search-attribute", "CustomTextField=text:rush order: gift wrapped",
            "--search-attribute", "CustomIntField=int:-7",
            "--search-attribute", "CustomDoubleField=double:42.5",
            "--search-attribute", "CustomBoolField=bool:true",
            "--search-attribute", "CustomDatetimeField=datetime:2026-03-14T15:09:26+02:00",
            "--search-attribute", "CustomKeywordListField=keyword-list:gold,eu");
        var describe = await Run("describe", "order-6");
        var json = await Run("describe", "order-6", "--json");

        Succeeded(start);
        var sent = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        var attributes = SearchAttributeValue.FromProto(sent.SearchAttributes);
        Assert.Equal(SearchAttributeValue.Text("rush order: gift wrapped"), attributes["CustomTextField"]);
        Assert.Equal(SearchAttributeValue.Datetime(new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.FromHours(2))), attributes["CustomDatetimeField"]);
        Assert.Equal(SearchAttributeValue.KeywordList("gold", "eu"), attributes["CustomKeywordListField"]);
        Succeeded(describe);
        foreach (var line in new[]
                 {
                     "search attributes   CustomBoolField = Bool true",
                     "CustomDatetimeField = Datetime \"2026-03-14T15:09:26+02:00\"",
                     "CustomDoubleField = Double 42.5",
                     "CustomerId = Keyword \"alice\"",
                     "CustomIntField = Int -7",
                     "CustomKeywordListField = KeywordList [\"gold\",\"eu\"]",
                     "CustomTextField = Text \"rush order: gift wrapped\"",
                 })
            Assert.Contains(line, describe.Output);
        Succeeded(json);
        var indexed = json.Json.GetProperty("workflowExecutionInfo").GetProperty("searchAttributes").GetProperty("indexedFields");
        Assert.Equal(7, indexed.EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Object, indexed.GetProperty("CustomerId").ValueKind);
    }

    [Fact]
    public async Task A_search_attribute_the_namespace_does_not_know_fails_with_the_servers_words()
    {
        var run = await Run("start", "OrderWorkflow", "order-7", "--search-attribute", "Nope=keyword:x", "--json");

        FailedWith(run, HourglassCli.OperationError);
        var error = run.Json.GetProperty("error");
        Assert.Equal(("InvalidArgument", "search attribute Nope is not defined", 3),
            (error.GetProperty("kind").GetString(), error.GetProperty("message").GetString(), error.GetProperty("grpcCode").GetInt32()));
    }

    [Theory]
    [InlineData("--search-attribute CustomerId: write <name>=<type>:<value>", "CustomerId")]
    [InlineData("--search-attribute =keyword:x: write <name>=<type>:<value>", "=keyword:x")]
    [InlineData("--search-attribute CustomerId=alice: write <name>=<type>:<value>", "CustomerId=alice")]
    [InlineData("'string' is not a type; one of keyword, text, int, double, bool, datetime, keyword-list", "CustomerId=string:alice")]
    [InlineData("'4.5' is not an integer", "CustomIntField=int:4.5")]
    [InlineData("'NaN' is not a finite number", "CustomDoubleField=double:NaN")]
    [InlineData("'yes' is not true or false", "CustomBoolField=bool:yes")]
    [InlineData("'2026-03-14' is not an RFC 3339 date and time with a zone", "CustomDatetimeField=datetime:2026-03-14")]
    [InlineData("'2026-03-14T15:09:26' is not an RFC 3339 date and time with a zone", "CustomDatetimeField=datetime:2026-03-14T15:09:26")]
    public async Task A_malformed_search_attribute_is_a_usage_error(string message, string attribute)
    {
        var start = await Run("start", "OrderWorkflow", "wf", "--search-attribute", attribute);
        var signalWithStart = await Run("signal-with-start", "OrderWorkflow", "wf", "go", "--search-attribute", attribute);

        foreach (var run in new[] { start, signalWithStart })
        {
            Assert.True(run.Code == HourglassCli.UsageError, run.ToString());
            Assert.Contains(message, run.Error);
        }
        Assert.DoesNotContain(Server.Requests, r => r.Method is "StartWorkflowExecution" or "SignalWithStartWorkflowExecution");
    }

    [Fact]
    public async Task The_same_search_attribute_twice_is_a_usage_error()
    {
        var run = await Run("start", "OrderWorkflow", "wf", "--search-attribute", "CustomerId=keyword:a", "--search-attribute", "CustomerId=keyword:b");

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("CustomerId is given more than once", run.Error);
    }

    [Fact]
    public async Task Help_shows_the_new_verbs_and_their_options()
    {
        var all = await CliRun.Of("--help");
        var signalWithStart = await CliRun.Of("help", "signal-with-start");
        var terminate = await CliRun.Of("terminate", "--help");

        Assert.Contains("signal-with-start <workflow-type> <workflow-id> <signal-name>", all.Output);
        Assert.Contains("terminate <workflow-id>", all.Output);
        foreach (var option in new[] { "--signal-arg, --signal-input <json>", "--search-attribute <name=type:value>", "--id-conflict-policy <policy>", "--start-delay <duration>", "--memo <key=json>" })
            Assert.Contains(option, signalWithStart.Output);
        foreach (var option in new[] { "--reason <text>", "--detail <json>", "-r, --run-id <run-id>" })
            Assert.Contains(option, terminate.Output);
    }
}
