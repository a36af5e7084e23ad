using System.Net;
using System.Text;
using System.Text.Json;
using Hourglass.FakeTemporal.Server;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit;

namespace Hourglass.FakeTemporal.Tests;

/// <summary>
/// The standalone fake frontend's admin interface (FakeAdmin): the worker's commands over HTTP on
/// loopback, each checked on the engine's state after a real HTTP request.
/// </summary>
public sealed class AdminTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeTemporalServer _server = null!;
    private FakeAdmin _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeTemporalServer.StartAsync();
        _admin = await FakeAdmin.StartAsync(_server.Temporal, 0);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _admin.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Complete_closes_the_latest_run_with_the_result_given()
    {
        var runId = _server.Temporal.StartWorkflowExecution(Support.Start("order-1")).RunId;

        var (status, reply) = await Post("order-1", "complete", """{"result":{"state":"PAID","total":42.5}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(runId, reply.GetProperty("runId").GetString());
        var info = Describe("order-1").WorkflowExecutionInfo;
        Assert.Equal(WorkflowExecutionStatus.Completed, info.Status);
        var close = History("order-1").Events[^1].WorkflowExecutionCompletedEventAttributes;
        Assert.Equal("""{"state":"PAID","total":42.5}""", close.Result.Payloads_[0].Data.ToStringUtf8());
        Assert.Equal("json/plain", close.Result.Payloads_[0].Metadata["encoding"].ToStringUtf8());
    }

    [Fact]
    public async Task Fail_closes_the_run_with_an_application_failure()
    {
        _server.Temporal.StartWorkflowExecution(Support.Start("order-2", "default"));

        var (status, _) = await Post("order-2", "fail", """{"namespace":"default","message":"out of stock","type":"StockError"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var failure = History("order-2").Events[^1].WorkflowExecutionFailedEventAttributes.Failure;
        Assert.Equal(("out of stock", "StockError"), (failure.Message, failure.ApplicationFailureInfo.Type));
    }

    [Fact]
    public async Task Fail_activity_records_the_failure_and_leaves_the_next_attempt_pending()
    {
        _server.Temporal.StartWorkflowExecution(Support.Start("order-3"));

        var (status, _) = await Post("order-3", "fail-activity", """{"activityType":"ChargeCard","attempt":1,"message":"card declined","type":"CardDeclined"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(History("order-3").Events, e => e.EventType == EventType.ActivityTaskFailed
            && e.ActivityTaskFailedEventAttributes.Failure.Message == "card declined");
        var pending = Assert.Single(Describe("order-3").PendingActivities);
        Assert.Equal(("ChargeCard", 2), (pending.ActivityType.Name, pending.Attempt));
        Assert.Equal(WorkflowExecutionStatus.Running, Describe("order-3").WorkflowExecutionInfo.Status);
    }

    [Fact]
    public async Task Honour_cancel_closes_a_cancel_requested_run()
    {
        var runId = _server.Temporal.StartWorkflowExecution(Support.Start("order-4")).RunId;
        _server.Temporal.RequestCancelWorkflowExecution(new RequestCancelWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowExecution = new WorkflowExecution { WorkflowId = "order-4" }, RequestId = Guid.NewGuid().ToString(),
        });

        var (status, reply) = await Post("order-4", "honour-cancel", """{"details":"refund issued"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(runId, reply.GetProperty("runId").GetString());
        Assert.Equal(WorkflowExecutionStatus.Canceled, Describe("order-4").WorkflowExecutionInfo.Status);
        var closed = _server.Temporal.GetWorkflowExecutionHistory(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default", Execution = new WorkflowExecution { WorkflowId = "order-4" },
            HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
        }).History.Events.Single();
        Assert.Equal("\"refund issued\"", closed.WorkflowExecutionCanceledEventAttributes.Details.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task Answer_query_makes_every_later_query_of_that_type_answer_so()
    {
        _server.Temporal.StartWorkflowExecution(Support.Start("order-5"));

        var (status, _) = await Post("order-5", "answer-query", """{"queryType":"progress","answer":"awaiting payment"}""");
        var answered = await _server.Temporal.QueryWorkflowAsync(new QueryWorkflowRequest
        {
            Namespace = "default",
            Execution = new WorkflowExecution { WorkflowId = "order-5" },
            Query = new WorkflowQuery { QueryType = "progress" },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("\"awaiting payment\"", answered.QueryResult.Payloads_[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task Answer_update_makes_every_later_update_of_that_name_complete_so()
    {
        _server.Temporal.StartWorkflowExecution(Support.Start("order-6"));

        var (status, _) = await Post("order-6", "answer-update", """{"updateName":"add-note","result":"noted"}""");
        var updated = await _server.Temporal.UpdateWorkflowExecutionAsync(new UpdateWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = "order-6" },
            WaitPolicy = new WaitPolicy { LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Completed },
            Request = new Request
            {
                Meta = new Meta { UpdateId = "u-1" },
                Input = new Input { Name = "add-note" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("\"noted\"", updated.Outcome.Success.Payloads_[0].Data.ToStringUtf8());
    }

    [Theory]
    [InlineData("ghost", "complete", "", HttpStatusCode.NotFound)]
    [InlineData("order-7", "explode", "", HttpStatusCode.BadRequest)]
    [InlineData("order-7", "fail", "{}", HttpStatusCode.BadRequest)]
    [InlineData("order-7", "complete", "{not json", HttpStatusCode.BadRequest)]
    public async Task A_command_it_cannot_carry_out_says_why(string workflowId, string command, string body, HttpStatusCode expected)
    {
        _server.Temporal.StartWorkflowExecution(Support.Start("order-7"));

        var (status, reply) = await Post(workflowId, command, body);

        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("error").GetString()));
    }

    private async Task<(HttpStatusCode, JsonElement)> Post(string workflowId, string command, string body)
    {
        // As curl -d sends it: no JSON content type.
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _http.PostAsync($"{_admin.Url}/workflows/{workflowId}/{command}", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private DescribeWorkflowExecutionResponse Describe(string workflowId) =>
        _server.Temporal.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default", Execution = new WorkflowExecution { WorkflowId = workflowId },
        });

    private Temporalio.Api.History.V1.History History(string workflowId) =>
        _server.Temporal.GetWorkflowExecutionHistory(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default", Execution = new WorkflowExecution { WorkflowId = workflowId },
        }).History;
}
