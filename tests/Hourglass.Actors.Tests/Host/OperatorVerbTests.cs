using System.Text.Json;
using Hourglass.Backends.Mock;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>Every operator verb's success, in text and in JSON, against the fake Temporal frontend.</summary>
public sealed class OperatorVerbTests : FakeServerCliTests
{
    [Fact]
    public async Task Start_sends_every_option_and_prints_the_handle()
    {
        var run = await Run("start", "OrderWorkflow", "order-1",
            "--arg", "42", "--arg", "\"eur\"", "--arg", "{\"lines\":[1,2]}", "--arg", "null",
            "--task-queue", "orders", "--id-reuse-policy", "reject",
            "--execution-timeout", "1h", "--run-timeout", "30m", "--task-timeout", "20s", "--start-delay", "500ms",
            "--memo", "team=\"payments\"", "--memo", "priority=3");

        Succeeded(run);
        var sent = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        var runId = Server.Temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = new() { WorkflowId = "order-1" } })
            .WorkflowExecutionInfo.Execution.RunId;
        Assert.Contains("Started OrderWorkflow on task queue orders", run.Output);
        Assert.Contains($"run id       {runId}", run.Output);
        Assert.Contains("workflow id  order-1", run.Output);
        Assert.Contains("namespace    default", run.Output);

        Assert.Equal(("default", "order-1", "OrderWorkflow", "orders"), (sent.Namespace, sent.WorkflowId, sent.WorkflowType.Name, sent.TaskQueue.Name));
        var input = sent.Input.Payloads_;
        Assert.Equal(42, input[0].ToValue<int>());
        Assert.Equal("eur", input[1].ToValue<string>());
        Assert.Equal([1, 2], input[2].ToValue<Lines>().lines);
        Assert.Null(input[3].ToValue<object?>());
        Assert.Equal(WorkflowIdReusePolicy.RejectDuplicate, sent.WorkflowIdReusePolicy);
        Assert.Equal(TimeSpan.FromHours(1), sent.WorkflowExecutionTimeout.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMinutes(30), sent.WorkflowRunTimeout.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(20), sent.WorkflowTaskTimeout.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMilliseconds(500), sent.WorkflowStartDelay.ToTimeSpan());
        Assert.Equal("payments", sent.Memo.Fields["team"].ToValue<string>());
        Assert.Equal(3, sent.Memo.Fields["priority"].ToValue<int>());
    }

    [Fact]
    public async Task Start_in_json_prints_the_handle_in_the_namespace_given()
    {
        var run = await Run("start", "OrderWorkflow", "order-2", "--namespace", "tenant-a", "--json");

        Succeeded(run);
        var sent = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        var json = run.Json;
        Assert.Equal("tenant-a", json.GetProperty("namespace").GetString());
        Assert.Equal("order-2", json.GetProperty("workflowId").GetString());
        Assert.Equal("default", json.GetProperty("taskQueue").GetString());
        var runId = json.GetProperty("runId").GetString();
        Assert.True(Guid.TryParse(runId, out _));
        Assert.Equal(("tenant-a", "default"), (sent.Namespace, sent.TaskQueue.Name));
        Assert.Equal(runId, Server.Temporal.DescribeWorkflowExecution(new() { Namespace = "tenant-a", Execution = new() { WorkflowId = "order-2" } })
            .WorkflowExecutionInfo.Execution.RunId);
    }

    [Fact]
    public async Task Describe_prints_the_key_facts()
    {
        var runId = StartOnServer("order-3");
        Server.Temporal.SetPendingActivity("default", Execution("order-3", runId), "ChargeCard", 2, MockFailures.Application("card declined", "CardDeclined"));

        var run = await Run("describe", "order-3");

        Succeeded(run);
        Assert.StartsWith("order-3: Running", run.Output);
        foreach (var expected in new[]
                 {
                     $"run id              {runId}", "namespace           default", "type                OrderWorkflow",
                     // Started, the first workflow task (started, completed) and the activity it scheduled.
                     "task queue          orders", "history length      5", "closed              -",
                     "ChargeCard (activity 1) attempt 2, last failure: card declined (CardDeclined)",
                 })
            Assert.Contains(expected, run.Output);
        Assert.Matches(@"started +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z", run.Output);
    }

    [Fact]
    public async Task Describe_in_json_is_the_whole_response_for_the_run_asked()
    {
        var firstRun = StartOnServer("order-4", "tenant-a");
        Server.Temporal.CompleteWorkflow("tenant-a", Execution("order-4", firstRun), null);
        StartOnServer("order-4", "tenant-a");

        var run = await Run("describe", "order-4", "--run-id", firstRun, "--namespace", "tenant-a", "--json");

        Succeeded(run);
        var info = run.Json.GetProperty("workflowExecutionInfo");
        Assert.Equal(firstRun, info.GetProperty("execution").GetProperty("runId").GetString());
        Assert.Equal("WORKFLOW_EXECUTION_STATUS_COMPLETED", info.GetProperty("status").GetString());
        Assert.Equal("OrderWorkflow", info.GetProperty("type").GetProperty("name").GetString());
        var sent = Assert.Single(Server.RequestsOf<DescribeWorkflowExecutionRequest>());
        Assert.Equal(("tenant-a", "order-4", firstRun), (sent.Namespace, sent.Execution.WorkflowId, sent.Execution.RunId));
    }

    [Fact]
    public async Task Status_prints_the_state_and_with_failures_the_recent_activity_failures()
    {
        var runId = StartOnServer("order-5");
        Server.Temporal.RecordActivityFailure("default", Execution("order-5", runId), "ChargeCard", 3, MockFailures.Application("card declined", "CardDeclined"));
        Server.Temporal.SetPendingActivity("default", Execution("order-5", runId), "Ship", 1, null);

        var text = await Run("status", "order-5", "--failures");
        var json = await Run("status", "order-5", "--run-id", runId, "--json");

        Succeeded(text);
        Assert.StartsWith("order-5: Running", text.Output);
        Assert.Contains("Ship (activity 2) attempt 1", text.Output);
        Assert.Matches(@"recent failures +\S+ \S+  ChargeCard attempt 3: card declined \(CardDeclined\)", text.Output);

        Succeeded(json);
        var status = json.Json;
        Assert.Equal("Running", status.GetProperty("state").GetString());
        Assert.Equal(runId, status.GetProperty("runId").GetString());
        Assert.Equal("OrderWorkflow", status.GetProperty("workflowType").GetString());
        Assert.Equal("orders", status.GetProperty("taskQueue").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("closeTime").ValueKind);
        Assert.Equal("Ship", status.GetProperty("pendingActivities")[0].GetProperty("activityType").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("recentFailures").ValueKind);   // not asked for
        var described = Server.RequestsOf<DescribeWorkflowExecutionRequest>();
        Assert.Equal(["", runId], described.Select(d => d.Execution.RunId));
    }

    [Fact]
    public async Task Status_in_json_with_failures_lists_them()
    {
        var runId = StartOnServer("order-6");
        Server.Temporal.RecordActivityFailure("default", Execution("order-6", runId), "ChargeCard", 2, MockFailures.Application("card declined"));

        var run = await Run("status", "order-6", "--failures", "--json");

        Succeeded(run);
        var failure = Assert.Single(run.Json.GetProperty("recentFailures").EnumerateArray());
        Assert.Equal("ChargeCard", failure.GetProperty("activityType").GetString());
        Assert.Equal(2, failure.GetProperty("attempt").GetInt32());
        Assert.Equal("card declined", failure.GetProperty("failure").GetProperty("message").GetString());
    }

    [Fact]
    public async Task History_prints_one_line_per_event()
    {
        var runId = StartOnServer("order-7", "default", "input");
        Server.Temporal.SignalWorkflowExecution(new()
        {
            Namespace = "default", WorkflowExecution = Execution("order-7", runId), SignalName = "approve",
            Input = new Payloads { Payloads_ = { HourglassPayload.From("alice") } }, RequestId = Guid.NewGuid().ToString(),
        });

        var run = await Run("history", "order-7");

        Succeeded(run);
        var lines = run.Output.TrimEnd().Split('\n');
        Assert.Equal("History of default/order-7: 3 events", lines[0].TrimEnd());
        Assert.Matches(@"^  1  \S+ \S+  WorkflowExecutionStarted +OrderWorkflow on orders, input ""input""$", lines[1].TrimEnd());
        Assert.Matches(@"^  2  \S+ \S+  WorkflowTaskScheduled$", lines[2].TrimEnd());
        Assert.Matches(@"^  3  \S+ \S+  WorkflowExecutionSignaled +approve, input ""alice""$", lines[3].TrimEnd());
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task History_in_json_is_the_History_message_of_the_run_asked()
    {
        var runId = StartOnServer("order-8", "tenant-a");

        var run = await Run("history", "order-8", "--run-id", runId, "--namespace", "tenant-a", "--json");

        Succeeded(run);
        var events = run.Json.GetProperty("events");
        Assert.Equal(2, events.GetArrayLength());
        Assert.Equal("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", events[0].GetProperty("eventType").GetString());
        var sent = Assert.Single(Server.RequestsOf<GetWorkflowExecutionHistoryRequest>());
        Assert.Equal(("tenant-a", "order-8", runId), (sent.Namespace, sent.Execution.WorkflowId, sent.Execution.RunId));
    }

    [Fact]
    public async Task Signal_sends_the_name_and_the_JSON_arguments()
    {
        var runId = StartOnServer("order-9");

        var text = await Run("signal", "order-9", "approve", "--arg", "\"alice\"", "--arg", "{\"level\":2}");
        var json = await Run("signal", "order-9", "nudge", "--run-id", runId, "--json");

        Succeeded(text);
        Assert.StartsWith("Signaled approve (\"alice\", {\"level\":2})", text.Output);
        Assert.Contains("workflow id  order-9", text.Output);
        Assert.Contains("run id       (latest)", text.Output);
        Succeeded(json);
        Assert.Equal(("default", "order-9", runId, "nudge"), (json.Json.GetProperty("namespace").GetString(),
            json.Json.GetProperty("workflowId").GetString(), json.Json.GetProperty("runId").GetString(), json.Json.GetProperty("signal").GetString()));

        var sent = Server.RequestsOf<SignalWorkflowExecutionRequest>();
        Assert.Equal(("default", "order-9", "", "approve"), (sent[0].Namespace, sent[0].WorkflowExecution.WorkflowId, sent[0].WorkflowExecution.RunId, sent[0].SignalName));
        Assert.Equal("alice", sent[0].Input.Payloads_[0].ToValue<string>());
        Assert.Equal(2, sent[0].Input.Payloads_[1].ToValue<Level>().level);
        Assert.Equal((runId, "nudge"), (sent[1].WorkflowExecution.RunId, sent[1].SignalName));
        Assert.Null(sent[1].Input);
    }

    [Fact]
    public async Task Cancel_sends_the_reason_and_run_id()
    {
        var runId = StartOnServer("order-10", "tenant-a");
        var other = StartOnServer("order-11");

        var text = await Run("cancel", "order-10", "--reason", "customer changed their mind", "--run-id", runId, "--namespace", "tenant-a");
        var json = await Run("cancel", "order-11", "--json");

        Succeeded(text);
        Assert.StartsWith("Cancellation requested", text.Output);
        Assert.Contains("reason       customer changed their mind", text.Output);
        Succeeded(json);
        Assert.True(json.Json.GetProperty("cancelRequested").GetBoolean());
        Assert.Equal("order-11", json.Json.GetProperty("workflowId").GetString());

        var sent = Server.RequestsOf<RequestCancelWorkflowExecutionRequest>();
        Assert.Equal(("tenant-a", "order-10", runId, "customer changed their mind"),
            (sent[0].Namespace, sent[0].WorkflowExecution.WorkflowId, sent[0].WorkflowExecution.RunId, sent[0].Reason));
        Assert.Equal(("default", "", ""), (sent[1].Namespace, sent[1].WorkflowExecution.RunId, sent[1].Reason));
        Assert.NotEqual(other, runId);
    }

    [Fact]
    public async Task After_a_cancel_status_says_Running_with_cancel_requested_and_a_second_cancel_exits_0()
    {
        var runId = StartOnServer("order-cancel");

        var cancel = await Run("cancel", "order-cancel", "--reason", "changed my mind");
        var text = await Run("status", "order-cancel");
        var json = await Run("status", "order-cancel", "--json");
        var again = await Run("cancel", "order-cancel");

        Succeeded(cancel);
        Succeeded(text);
        Assert.StartsWith("order-cancel: Running, cancel requested", text.Output);
        Assert.Matches(@"cancel requested +yes", text.Output);
        Succeeded(json);
        Assert.Equal("Running", json.Json.GetProperty("state").GetString());
        Assert.True(json.Json.GetProperty("cancelRequested").GetBoolean());
        Succeeded(again);
        // One request recorded; the second is a no-op, as on a server.
        var history = Server.Temporal.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = Execution("order-cancel", runId) });
        Assert.Single(history.History.Events, e => e.EventType == EventType.WorkflowExecutionCancelRequested);
    }

    [Fact]
    public async Task Await_prints_how_it_closed_and_the_result()
    {
        var runId = StartOnServer("order-12");
        Server.Temporal.CompleteWorkflow("default", Execution("order-12", runId),
            new Payloads { Payloads_ = { HourglassPayload.From(new Receipt("order-12", 42.5m)) } });

        var text = await Run("await", "order-12", "--timeout", "10s", "--poll", "50ms");
        var json = await Run("await", "order-12", "--run-id", runId, "--json");

        Assert.True(text.Code == 0, text.ToString());
        // Progress on stderr, for people: the wait and the status it found.
        Assert.StartsWith("Waiting up to 10s for default/order-12 to close", text.Error);
        Assert.Contains("  Completed, ", text.Error);
        Assert.StartsWith("order-12: Completed", text.Output);
        Assert.Contains("result       {\"OrderId\":\"order-12\",\"Total\":42.5}", text.Output);
        Succeeded(json);
        Assert.Equal("Completed", json.Json.GetProperty("state").GetString());
        Assert.Equal(runId, json.Json.GetProperty("runId").GetString());
        Assert.Equal(42.5m, json.Json.GetProperty("result").GetProperty("Total").GetDecimal());
        Assert.Equal(JsonValueKind.Null, json.Json.GetProperty("failure").ValueKind);
    }

    [Fact]
    public async Task Await_of_a_failed_workflow_prints_the_failure()
    {
        var runId = StartOnServer("order-13");
        Server.Temporal.FailWorkflow("default", Execution("order-13", runId), MockFailures.Application("out of stock", "StockError"));

        var text = await Run("await", "order-13", "--poll", "50ms", "--quiet");
        var json = await Run("await", "order-13", "--json");

        Succeeded(text);
        Assert.StartsWith("order-13: Failed", text.Output);
        Assert.Contains("failure      out of stock (StockError)", text.Output);
        Succeeded(json);
        Assert.Equal("Failed", json.Json.GetProperty("state").GetString());
        Assert.Equal("out of stock", json.Json.GetProperty("failure").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, json.Json.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Await_of_a_workflow_that_stays_open_is_a_Timeout_with_the_last_status()
    {
        StartOnServer("order-14");

        var text = await Run("await", "order-14", "--timeout", "300ms", "--poll", "50ms");
        var json = await Run("await", "order-14", "--timeout", "300ms", "--poll", "50ms", "--json");

        FailedWith(text, 1);
        Assert.Equal("", text.Output);
        Assert.StartsWith("Waiting up to 300ms for default/order-14 to close", text.Error);
        Assert.Contains("hourglass: operation failed: Timeout: workflow default/order-14", text.Error);
        Assert.Contains("is still Running after 300ms", text.Error);
        Assert.Contains("last status seen:", text.Error);
        Assert.Contains("    state ", text.Error);
        Assert.Contains("Running", text.Error);

        FailedWith(json, 1);
        Assert.Equal("", json.Error);
        var error = json.Json.GetProperty("error");
        Assert.Equal("Timeout", error.GetProperty("kind").GetString());
        Assert.Equal("Running", error.GetProperty("lastStatus").GetProperty("state").GetString());
        Assert.Equal("order-14", error.GetProperty("lastStatus").GetProperty("workflowId").GetString());
    }

    [Fact]
    public async Task Ensure_namespace_with_a_retention_under_an_hour_is_InvalidArgument_before_any_call()
    {
        var run = await Run("ensure-namespace", "short-lived", "--retention", "30m", "--json");

        // Refused before any call: the CLI's usage exit code, as for every InvalidArgument from validation.
        FailedWith(run, HourglassCli.UsageError);
        var error = run.Json.GetProperty("error");
        Assert.Equal("InvalidArgument", error.GetProperty("kind").GetString());
        Assert.Equal("EnsureNamespace.Retention must be between 1h and 100 years (got 30m)", error.GetProperty("message").GetString());
        Assert.Empty(Server.RequestsOf<RegisterNamespaceRequest>());
        Assert.False(Server.Temporal.HasNamespace("short-lived"));
    }

    [Fact]
    public async Task Ensure_namespace_registers_it_once_with_the_retention_given()
    {
        var created = await Run("ensure-namespace", "billing", "--retention", "3d");
        var again = await Run("ensure-namespace", "billing");
        var json = await Run("ensure-namespace", "billing", "--json");
        var jsonCreated = await Run("ensure-namespace", "audit", "--json");

        Succeeded(created);
        Assert.Equal("Namespace billing created (retention 3d)", created.Output.TrimEnd());
        Succeeded(again);
        Assert.Equal("Namespace billing already there", again.Output.TrimEnd());
        Assert.False(json.Json.GetProperty("created").GetBoolean());
        Assert.Equal("billing", json.Json.GetProperty("namespace").GetString());
        Assert.True(jsonCreated.Json.GetProperty("created").GetBoolean());

        var registered = Server.RequestsOf<RegisterNamespaceRequest>();
        Assert.Equal(["billing", "audit"], registered.Select(r => r.Namespace));
        Assert.Equal(TimeSpan.FromDays(3), registered[0].WorkflowExecutionRetentionPeriod.ToTimeSpan());
        Assert.Equal(TimeSpan.FromHours(72), registered[1].WorkflowExecutionRetentionPeriod.ToTimeSpan());
    }

    // Lower-case names: the Temporalio converter reads JSON with the names as written.
    private sealed record Lines(int[] lines);

    private sealed record Level(int level);

    private sealed record Receipt(string OrderId, decimal Total);
}
