using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Temporal;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Tests.Mock;

/// <summary>
/// QueryWorkflow on the in-memory Temporal, called as a server is: handlers play the worker, reject
/// conditions and the no-worker wait behave as the Temporal server's, on a fake clock.
/// </summary>
public sealed class InMemoryQueryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTemporal _temporal;

    public InMemoryQueryTests() => _temporal = new InMemoryTemporal(clock: _time);

    private string Start(string workflowId) => _temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
    {
        Namespace = "default",
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
        TaskQueue = new TaskQueue { Name = "orders" },
        RequestId = Guid.NewGuid().ToString(),
    }).RunId;

    private static QueryWorkflowRequest Query(string workflowId, string type, QueryRejectCondition condition = QueryRejectCondition.None, params object?[] args) => new()
    {
        Namespace = "default",
        Execution = new WorkflowExecution { WorkflowId = workflowId },
        Query = new WorkflowQuery { QueryType = type, QueryArgs = args.Length == 0 ? null : new Payloads { Payloads_ = { HourglassPayload.FromValues(args) } } },
        QueryRejectCondition = condition,
    };

    private static WorkflowExecution Execution(string workflowId) => new() { WorkflowId = workflowId };

    [Fact]
    public async Task A_handler_answers_with_the_arguments_and_the_resolved_run_and_writes_no_history()
    {
        var runId = Start("q-1");
        QueryCall? seen = null;
        _temporal.SetQueryHandler("default", "q-1", "progress", call =>
        {
            seen = call;
            return QueryAnswer.Of($"{call.Args[0].ToValue<string>()}: 75%");
        });

        var response = await _temporal.QueryWorkflowAsync(Query("q-1", "progress", args: "lines"));

        Assert.Equal("lines: 75%", response.QueryResult.Payloads_.Single().ToValue<string>());
        Assert.Null(response.QueryRejected);
        Assert.Equal((runId, WorkflowExecutionStatus.Running, "progress"), (seen!.Execution.RunId, seen.Status, seen.QueryType));
        Assert.Equal(2, _temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = Execution("q-1") }).WorkflowExecutionInfo.HistoryLength);
    }

    [Fact]
    public async Task A_failed_query_is_INVALID_ARGUMENT_with_the_workers_message_and_a_QueryFailedFailure()
    {
        Start("q-2");
        _temporal.SetQueryHandler("default", "q-2", "progress", _ => QueryAnswer.Fail("not ready yet", "NotReady"));

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(Query("q-2", "progress")));

        Assert.Equal((StatusCode.InvalidArgument, "not ready yet"), (e.Code, e.Message));
        var detail = e.GrpcStatus.Value!.Details.Single().Unpack<QueryFailedFailure>();
        Assert.Equal(("not ready yet", "NotReady"), (detail.Failure.Message, detail.Failure.ApplicationFailureInfo.Type));
        var error = TemporalErrors.Classify(e);
        Assert.Equal((ErrorKind.QueryFailed, "not ready yet", 3), (error.Kind, error.Failure!.Message, error.GrpcCode));
    }

    [Fact]
    public async Task A_handler_that_throws_fails_the_query_as_an_SDK_worker_reports_it()
    {
        Start("q-3");
        _temporal.SetQueryHandler("default", "q-3", "progress", _ => throw new InvalidOperationException("handler bug"));

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(Query("q-3", "progress")));

        Assert.Equal(ErrorKind.QueryFailed, TemporalErrors.Classify(e).Kind);
        Assert.Equal("handler bug", e.Message);
    }

    [Theory]
    [InlineData(QueryRejectCondition.NotOpen, "completed", true)]
    [InlineData(QueryRejectCondition.NotOpen, "failed", true)]
    [InlineData(QueryRejectCondition.NotCompletedCleanly, "completed", false)]
    [InlineData(QueryRejectCondition.NotCompletedCleanly, "failed", true)]
    [InlineData(QueryRejectCondition.None, "failed", false)]
    [InlineData(QueryRejectCondition.Unspecified, "failed", false)]
    [InlineData(QueryRejectCondition.NotOpen, "running", false)]
    public async Task Reject_conditions_refuse_as_the_server_does_with_the_status_in_a_successful_response(
        QueryRejectCondition condition, string how, bool rejected)
    {
        Start("q-4");
        _temporal.SetQueryHandler("default", "q-4", "progress", _ => QueryAnswer.Of("answered"));
        var status = how switch
        {
            "completed" => _temporal.CompleteWorkflow("default", Execution("q-4"), null) is not null ? WorkflowExecutionStatus.Completed : default,
            "failed" => _temporal.FailWorkflow("default", Execution("q-4"), MockFailures.Application("boom")) is not null ? WorkflowExecutionStatus.Failed : default,
            _ => WorkflowExecutionStatus.Running,
        };

        var response = await _temporal.QueryWorkflowAsync(Query("q-4", "progress", condition));

        if (rejected)
        {
            Assert.Equal(status, response.QueryRejected.Status);
            Assert.Null(response.QueryResult);
            var error = TemporalErrors.QueryRejected(response.QueryRejected, "progress");
            Assert.Equal(ErrorKind.QueryRejected, error.Kind);
            Assert.Equal(status == WorkflowExecutionStatus.Completed ? WorkflowState.Completed : WorkflowState.Failed, error.WorkflowState);
        }
        else
        {
            Assert.Null(response.QueryRejected);
            Assert.Equal("answered", response.QueryResult.Payloads_[0].ToValue<string>());
        }
    }

    [Fact]
    public async Task A_run_closed_before_any_workflow_task_cannot_be_queried()
    {
        Start("q-5");
        _temporal.SetQueryHandler("default", "q-5", "progress", _ => QueryAnswer.Of(1));
        _temporal.TerminateWorkflowExecution(new() { Namespace = "default", WorkflowExecution = Execution("q-5"), Reason = "stop" });

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(Query("q-5", "progress")));

        Assert.Equal((StatusCode.FailedPrecondition, "Workflow execution closed before WorkflowTaskStarted event"), (e.Code, e.Message));
        Assert.True(e.GrpcStatus.Value!.Details.Single().Is(WorkflowNotReadyFailure.Descriptor));
    }

    [Fact]
    public async Task A_closed_run_is_still_queried_through_its_handler()
    {
        Start("q-6");
        _temporal.CompleteWorkflow("default", Execution("q-6"), null);
        _temporal.SetQueryHandler("default", "q-6", "progress", call => QueryAnswer.Of(call.Status.ToString()));

        var response = await _temporal.QueryWorkflowAsync(Query("q-6", "progress"));

        Assert.Equal("Completed", response.QueryResult.Payloads_[0].ToValue<string>());
    }

    [Fact]
    public async Task A_query_nobody_answers_waits_30_seconds_on_the_clock_then_fails_DEADLINE_EXCEEDED()
    {
        Start("q-7");

        var pending = _temporal.QueryWorkflowAsync(Query("q-7", "progress")).AsTask();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<RpcException>(() => pending);
        Assert.Equal((StatusCode.DeadlineExceeded, "query timed out before a worker could process it"), (e.Code, e.Message));
        Assert.Equal(ErrorKind.Timeout, TemporalErrors.Classify(e).Kind);
    }

    [Fact]
    public async Task A_handler_registered_while_a_query_waits_answers_it()
    {
        Start("q-8");
        var pending = _temporal.QueryWorkflowAsync(Query("q-8", "progress")).AsTask();
        Assert.False(pending.IsCompleted);

        _temporal.SetQueryHandler("default", "q-8", "progress", _ => QueryAnswer.Of("late but here"));

        Assert.Equal("late but here", (await pending).QueryResult.Payloads_[0].ToValue<string>());
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_wait()
    {
        Start("q-9");
        using var cancel = new CancellationTokenSource();
        var pending = _temporal.QueryWorkflowAsync(Query("q-9", "progress"), cancel.Token).AsTask();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        // The place in the query buffer is given back.
        var next = _temporal.QueryWorkflowAsync(Query("q-9", "progress")).AsTask();
        _temporal.SetQueryHandler("default", "q-9", "progress", _ => QueryAnswer.Of(1));
        Assert.Equal(1, (await next).QueryResult.Payloads_[0].ToValue<int>());
    }

    [Fact]
    public async Task A_second_unanswered_query_on_a_run_with_a_pending_workflow_task_finds_the_buffer_full()
    {
        Start("q-10");
        var first = _temporal.QueryWorkflowAsync(Query("q-10", "progress")).AsTask();

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(Query("q-10", "other")));

        Assert.Equal(StatusCode.ResourceExhausted, e.Code);
        Assert.Equal(ResourceExhaustedCause.BusyWorkflow, e.GrpcStatus.Value!.Details.Single().Unpack<ResourceExhaustedFailure>().Cause);
        Assert.False(first.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<RpcException>(() => first);
    }

    [Fact]
    public async Task Requests_a_frontend_refuses_are_refused()
    {
        Start("q-11");
        var noType = Query("q-11", "");
        var noId = Query("", "progress");
        var unknown = Query("nobody", "progress");

        Assert.Equal("QueryType is not set on request.", (await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(noType))).Message);
        Assert.Equal("WorkflowId is not set on request.", (await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(noId))).Message);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () => await _temporal.QueryWorkflowAsync(unknown))).Code);
    }
}
