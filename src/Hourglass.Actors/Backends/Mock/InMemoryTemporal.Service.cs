using Hourglass.Temporal;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The in-memory Temporal as the backends' <see cref="ITemporalService"/>: each RPC answered at once,
/// except queries and updates, which wait (asynchronously) for the test playing the worker.
/// </summary>
public sealed partial class InMemoryTemporal : ITemporalService
{
    ValueTask<StartWorkflowExecutionResponse> ITemporalService.StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.StartWorkflowExecution(r));

    ValueTask<SignalWithStartWorkflowExecutionResponse> ITemporalService.SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.SignalWithStartWorkflowExecution(r));

    ValueTask<DescribeWorkflowExecutionResponse> ITemporalService.DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.DescribeShared(r));

    ValueTask<GetWorkflowExecutionHistoryResponse> ITemporalService.GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken) =>
        new(GetWorkflowExecutionHistoryAsync(request, callerDeadline: null, cancellationToken));

    ValueTask<SignalWorkflowExecutionResponse> ITemporalService.SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.SignalWorkflowExecution(r));

    ValueTask<QueryWorkflowResponse> ITemporalService.QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken) =>
        QueryWorkflowAsync(request, cancellationToken);

    ValueTask<UpdateWorkflowExecutionResponse> ITemporalService.UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        UpdateWorkflowExecutionAsync(request, cancellationToken);

    ValueTask<PollWorkflowExecutionUpdateResponse> ITemporalService.PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken) =>
        PollWorkflowExecutionUpdateAsync(request, cancellationToken);

    ValueTask<RequestCancelWorkflowExecutionResponse> ITemporalService.RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.RequestCancelWorkflowExecution(r));

    ValueTask<TerminateWorkflowExecutionResponse> ITemporalService.TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.TerminateWorkflowExecution(r));

    ValueTask<ListWorkflowExecutionsResponse> ITemporalService.ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.ListWorkflowExecutions(r));

    ValueTask<CountWorkflowExecutionsResponse> ITemporalService.CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.CountWorkflowExecutions(r));

    ValueTask<DescribeNamespaceResponse> ITemporalService.DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.DescribeNamespace(r));

    ValueTask<RegisterNamespaceResponse> ITemporalService.RegisterNamespaceAsync(RegisterNamespaceRequest request, CancellationToken cancellationToken) =>
        Answer(request, static (t, r) => t.RegisterNamespace(r));

    // The engine answers synchronously: a completed task, or a faulted one carrying the server's error.
    // The calls are static lambdas, made once: an instance method group would be a delegate per call.
    private ValueTask<TResponse> Answer<TRequest, TResponse>(TRequest request, Func<InMemoryTemporal, TRequest, TResponse> call)
    {
        try
        {
            return new ValueTask<TResponse>(call(this, request));
        }
        catch (RpcException e)
        {
            return ValueTask.FromException<TResponse>(e);
        }
    }

    private static ValueTask<TResponse> Unimplemented<TResponse>(string method) =>
        ValueTask.FromException<TResponse>(Fail(StatusCode.Unimplemented, $"the in-memory Temporal does not serve {method} yet", null));
}
