using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// QueryWorkflow. There is no worker: a test registers a handler per (namespace, workflow id, query
/// type) and the engine runs it for every query of that type, on any run, as a worker replaying the
/// workflow would. A query nobody answers waits — asynchronously, holding no thread and no lock —
/// until a handler is registered, the caller gives up, or <see cref="QueryWorkerTimeout"/> passes,
/// as a server without a polling worker does.
/// </summary>
public sealed partial class InMemoryTemporal
{
    /// <summary>
    /// Queries a run with a pending workflow task holds at once while no worker answers
    /// (<c>history.MaxBufferedQueryCount</c>); another is refused RESOURCE_EXHAUSTED.
    /// </summary>
    public const int MaxBufferedQueries = 1;

    private readonly Dictionary<(string Namespace, string WorkflowId, string QueryType), Func<QueryCall, QueryAnswer>> _queryHandlers = new();
    private readonly List<WaitingQuery> _waitingQueries = new();

    /// <summary>
    /// How long a query nobody answers waits before it fails DEADLINE_EXCEEDED "query timed out before
    /// a worker could process it". Default 30 s: the server's frontend-to-history call is bounded so.
    /// Runs on the engine's clock.
    /// </summary>
    public TimeSpan QueryWorkerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Plays the worker's query handler for <paramref name="queryType"/> on every run of
    /// <paramref name="workflowId"/>, replacing any handler before it; null removes it. Queries already
    /// waiting for it are answered by it.
    /// </summary>
    public void SetQueryHandler(string @namespace, string workflowId, string queryType, Func<QueryCall, QueryAnswer>? handler)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(workflowId);
        ArgumentNullException.ThrowIfNull(queryType);
        var key = (@namespace, workflowId, queryType);
        List<WaitingQuery> woken;
        using (Enter())
        {
            if (handler is null)
            {
                _queryHandlers.Remove(key);
                return;
            }
            _queryHandlers[key] = handler;
            woken = _waitingQueries.Where(w => w.Key == key).ToList();
            _waitingQueries.RemoveAll(w => w.Key == key);
        }
        foreach (var waiting in woken) waiting.Worker.TrySetResult(handler);
    }

    /// <summary>
    /// Answers a query as a server does: the reject condition first (a rejection is a successful
    /// response with <c>query_rejected</c>), then the handler's answer — a result, or INVALID_ARGUMENT
    /// with a <c>QueryFailedFailure</c> — or, with no handler, a wait (see <see cref="QueryWorkerTimeout"/>).
    /// A canceled <paramref name="cancellationToken"/> ends the wait with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        QueryCall call;
        Func<QueryCall, QueryAnswer>? handler;
        WaitingQuery? waiting = null;
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            RequireExecution(request.Execution);
            if (request.Query is null) throw Fail(StatusCode.InvalidArgument, "WorkflowQuery is not set on request.", null);
            if (request.Query.QueryType.Length == 0) throw Fail(StatusCode.InvalidArgument, "QueryType is not set on request.", null);
            var run = Find(request.Namespace, request.Execution);

            var condition = request.QueryRejectCondition;
            if (!run.IsOpen && (condition == QueryRejectCondition.NotOpen
                                || (condition == QueryRejectCondition.NotCompletedCleanly && run.Status != WorkflowExecutionStatus.Completed)))
                return new QueryWorkflowResponse { QueryRejected = new QueryRejected { Status = run.Status } };
            if (!run.IsOpen && !run.CompletedAnyWorkflowTask)
                throw Fail(StatusCode.FailedPrecondition, "Workflow execution closed before WorkflowTaskStarted event", new WorkflowNotReadyFailure());
            if (!run.CompletedAnyWorkflowTask && run.ExecutionTime.ToDateTimeOffset() > _clock.GetUtcNow() + QueryWorkerTimeout)
                throw Fail(StatusCode.FailedPrecondition, "Workflow task is not scheduled yet.", new WorkflowNotReadyFailure());

            call = new QueryCall(request.Namespace, run.Execution(), request.Query.QueryType,
                request.Query.QueryArgs?.Payloads_.Select(p => p.Clone()).ToArray() ?? [], run.Status);
            var key = (request.Namespace, run.WorkflowId, request.Query.QueryType);
            handler = _queryHandlers.GetValueOrDefault(key);
            if (handler is null)
            {
                // A run whose workflow task is pending buffers the query for that task, one at a time.
                var buffered = run.IsOpen && run.WorkflowTaskScheduled is not null;
                if (buffered && run.BufferedQueries >= MaxBufferedQueries)
                    throw Fail(StatusCode.ResourceExhausted,
                        "consistent query buffer is full, this may be caused by too many queries and workflow not able to process query fast enough",
                        new ResourceExhaustedFailure { Cause = ResourceExhaustedCause.BusyWorkflow, Scope = ResourceExhaustedScope.Namespace });
                if (buffered) run.BufferedQueries++;
                waiting = new WaitingQuery(key, buffered ? run : null);
                _waitingQueries.Add(waiting);
            }
        }
        if (waiting is not null) handler = await WaitForQueryWorkerAsync(waiting, cancellationToken).ConfigureAwait(false);
        return Answered(call, handler!);
    }

    private async Task<Func<QueryCall, QueryAnswer>> WaitForQueryWorkerAsync(WaitingQuery waiting, CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(QueryWorkerTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
        try
        {
            return await waiting.Worker.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!waiting.Worker.Task.IsCompletedSuccessfully)
        {
            using (Enter()) _waitingQueries.Remove(waiting);
            cancellationToken.ThrowIfCancellationRequested();
            throw Fail(StatusCode.DeadlineExceeded, "query timed out before a worker could process it", null);
        }
        catch (OperationCanceledException)
        {
            return waiting.Worker.Task.Result; // a handler came at the very moment the wait ended
        }
        finally
        {
            if (waiting.BufferedOn is { } run)
                using (Enter()) run.BufferedQueries--;
        }
    }

    // Runs the test's handler outside the lock (it may call the engine), as the worker would answer.
    private static QueryWorkflowResponse Answered(QueryCall call, Func<QueryCall, QueryAnswer> handler)
    {
        QueryAnswer? answer;
        try
        {
            answer = handler(call);
        }
        catch (Exception e)
        {
            // An SDK worker reports a query handler that threw as a failed query.
            answer = QueryAnswer.Fail(e.Message, e.GetType().Name);
        }
        answer ??= QueryAnswer.Fail("the query handler returned no answer", "NullAnswer");
        if (answer.Failure is { } failure)
            throw Fail(StatusCode.InvalidArgument, failure.Message, new QueryFailedFailure { Failure = failure.Clone() });
        var result = new Payloads();
        result.Payloads_.AddRange((answer.Result ?? []).Select(p => p.Clone()));
        return new QueryWorkflowResponse { QueryResult = result };
    }

    // The frontend's validateExecution: an execution with a workflow id, a run id empty or a UUID.
    private static void RequireExecution(WorkflowExecution? execution)
    {
        if (execution is null) throw Fail(StatusCode.InvalidArgument, "Execution is not set on request.", null);
        if (execution.WorkflowId.Length == 0) throw Fail(StatusCode.InvalidArgument, "WorkflowId is not set on request.", null);
        if (execution.RunId.Length > 0 && !Guid.TryParse(execution.RunId, out _)) throw Fail(StatusCode.InvalidArgument, "Invalid RunId.", null);
    }

    private sealed class WaitingQuery((string, string, string) key, Run? bufferedOn)
    {
        public (string Namespace, string WorkflowId, string QueryType) Key { get; } = key;

        /// <summary>The run whose query buffer this query takes a place in, if any.</summary>
        public Run? BufferedOn { get; } = bufferedOn;

        public TaskCompletionSource<Func<QueryCall, QueryAnswer>> Worker { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
