using System.Text.Json;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>The query and update verbs, in text and in JSON, against the fake Temporal frontend playing the worker.</summary>
public sealed class QueryUpdateVerbTests : FakeServerCliTests
{
    [Fact]
    public async Task Query_sends_the_arguments_and_reject_condition_and_prints_the_answer_as_JSON()
    {
        var runId = StartOnServer("cart-1");
        Server.Temporal.SetQueryHandler("default", "cart-1", "lines", call =>
            QueryAnswer.Of(new { sku = call.Args[0].ToValue<string>(), count = 2 }));

        var text = await Run("query", "cart-1", "lines", "--arg", "\"apple\"", "--reject-condition", "not-open");
        var json = await Run("query", "cart-1", "lines", "--arg", "\"pear\"", "--run-id", runId, "--json");

        Succeeded(text);
        Assert.Equal("{\"sku\":\"apple\",\"count\":2}", text.Output.TrimEnd());
        Succeeded(json);
        Assert.Equal(("cart-1", runId, "lines"), (json.Json.GetProperty("workflowId").GetString(), json.Json.GetProperty("runId").GetString(),
            json.Json.GetProperty("queryType").GetString()));
        Assert.Equal("pear", json.Json.GetProperty("result").GetProperty("sku").GetString());
        Assert.Equal(1, json.Json.GetProperty("results").GetArrayLength());

        var sent = Server.RequestsOf<QueryWorkflowRequest>();
        Assert.Equal((QueryRejectCondition.NotOpen, ""), (sent[0].QueryRejectCondition, sent[0].Execution.RunId));
        Assert.Equal("apple", sent[0].Query.QueryArgs.Payloads_[0].ToValue<string>());
        Assert.Equal((QueryRejectCondition.None, runId), (sent[1].QueryRejectCondition, sent[1].Execution.RunId));
    }

    [Fact]
    public async Task A_failed_query_and_a_rejected_one_exit_1_with_their_kind()
    {
        StartOnServer("cart-2");
        Server.Temporal.SetQueryHandler("default", "cart-2", "lines", _ => QueryAnswer.Fail("cart is locked", "Locked"));
        var failed = await Run("query", "cart-2", "lines");
        Server.Temporal.CompleteWorkflow("default", Execution("cart-2", ""), null);
        var rejected = await Run("query", "cart-2", "lines", "--reject-condition", "not-open", "--json");

        FailedWith(failed, 1);
        Assert.StartsWith("hourglass: operation failed: QueryFailed: cart is locked", failed.Error);
        Assert.Contains("failure", failed.Error);
        FailedWith(rejected, 1);
        var error = rejected.Json.GetProperty("error");
        Assert.Equal(("QueryRejected", "Completed"), (error.GetProperty("kind").GetString(), error.GetProperty("workflowState").GetString()));
    }

    [Fact]
    public async Task Query_with_an_unknown_reject_condition_is_a_usage_error()
    {
        var run = await Run("query", "cart-3", "lines", "--reject-condition", "sometimes");

        FailedWith(run, 2);
        Assert.Contains("--reject-condition sometimes is not one of none, not-open, not-completed-cleanly", run.Error);
        Assert.Empty(Server.RequestsOf<QueryWorkflowRequest>());
    }

    [Fact]
    public async Task Update_sends_its_id_and_arguments_and_prints_the_result()
    {
        StartOnServer("cart-4");
        Server.Temporal.SetUpdateHandler("default", "cart-4", "add", call => UpdateAnswer.Complete($"added {call.Args[0].ToValue<string>()}"));

        var text = await Run("update", "cart-4", "add", "--arg", "\"apple\"", "--update-id", "add-apple");
        var again = await Run("update", "cart-4", "add", "--arg", "\"apple\"", "--update-id", "add-apple", "--json");

        Succeeded(text);
        Assert.StartsWith("Update add completed", text.Output);
        Assert.Contains("update id    add-apple", text.Output);
        Assert.Contains("result       \"added apple\"", text.Output);
        Succeeded(again);
        Assert.Equal(("completed", "added apple", "add-apple"), (again.Json.GetProperty("stage").GetString(),
            again.Json.GetProperty("result").GetString(), again.Json.GetProperty("updateId").GetString()));
        Assert.Equal(JsonValueKind.Null, again.Json.GetProperty("failure").ValueKind);

        var sent = Server.RequestsOf<UpdateWorkflowExecutionRequest>();
        Assert.All(sent, s => Assert.Equal(("add-apple", "add", UpdateWorkflowExecutionLifecycleStage.Completed),
            (s.Request.Meta.UpdateId, s.Request.Input.Name, s.WaitPolicy.LifecycleStage)));
        // The same id is the same update: one accepted event in the history.
        var history = Server.Temporal.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = Execution("cart-4", "") });
        Assert.Single(history.History.Events, e => e.EventType == EventType.WorkflowExecutionUpdateAccepted);
        var lines = (await Run("history", "cart-4")).Output;
        Assert.Matches(@"WorkflowExecutionUpdateAccepted +add \(add-apple\), input ""apple""", lines);
        Assert.Matches(@"WorkflowExecutionUpdateCompleted +result ""added apple""", lines);
    }

    [Fact]
    public async Task Update_prints_the_failure_of_a_rejected_update_and_waits_for_acceptance_when_asked()
    {
        var runId = StartOnServer("cart-5");
        Server.Temporal.SetUpdateHandler("default", "cart-5", "remove", _ => UpdateAnswer.Reject("not in the cart", "Missing"));
        Server.Temporal.SetUpdateHandler("default", "cart-5", "checkout", _ => UpdateAnswer.Accept());

        var rejected = await Run("update", "cart-5", "remove", "--arg", "\"pear\"");
        var accepted = await Run("update", "cart-5", "checkout", "--wait-stage", "accepted", "--run-id", runId, "--json");

        Succeeded(rejected);
        Assert.StartsWith("Update remove failed", rejected.Output);
        Assert.Contains("failure      not in the cart (Missing)", rejected.Output);
        Succeeded(accepted);
        Assert.Equal(("accepted", runId), (accepted.Json.GetProperty("stage").GetString(), accepted.Json.GetProperty("runId").GetString()));
        Assert.Equal(UpdateWorkflowExecutionLifecycleStage.Accepted, Server.RequestsOf<UpdateWorkflowExecutionRequest>()[^1].WaitPolicy.LifecycleStage);
    }

    [Fact]
    public async Task Update_with_an_unknown_wait_stage_is_a_usage_error()
    {
        var run = await Run("update", "cart-6", "add", "--wait-stage", "admitted");

        FailedWith(run, 2);
        Assert.Contains("--wait-stage admitted is not one of accepted, completed", run.Error);
        Assert.Empty(Server.RequestsOf<UpdateWorkflowExecutionRequest>());
    }
}
