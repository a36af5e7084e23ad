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
        Answer(request, StartWorkflowExecution);

    ValueTask<SignalWithStartWorkflowExecutionResponse> ITemporalService.SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, SignalWithStartWorkflowExecution);

    ValueTask<DescribeWorkflowExecutionResponse> ITemporalService.DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, DescribeWorkflowExecution);

    ValueTask<GetWorkflowExecutionHistoryResponse> ITemporalService.GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken) =>
        new(GetWorkflowExecutionHistoryAsync(request, callerDeadline: null, cancellationToken));

    ValueTask<SignalWorkflowExecutionResponse> ITemporalService.SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, SignalWorkflowExecution);

    ValueTask<QueryWorkflowResponse> ITemporalService.QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken) =>
        QueryWorkflowAsync(request, cancellationToken);

    ValueTask<UpdateWorkflowExecutionResponse> ITemporalService.UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        UpdateWorkflowExecutionAsync(request, cancellationToken);

    ValueTask<PollWorkflowExecutionUpdateResponse> ITemporalService.PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken) =>
        PollWorkflowExecutionUpdateAsync(request, cancellationToken);

    ValueTask<RequestCancelWorkflowExecutionResponse> ITemporalService.RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, RequestCancelWorkflowExecution);

    ValueTask<TerminateWorkflowExecutionResponse> ITemporalService.TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Answer(request, TerminateWorkflowExecution);

    ValueTask<ListWorkflowExecutionsResponse> ITemporalService.ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Answer(request, ListWorkflowExecutions);

    ValueTask<CountWorkflowExecutionsResponse> ITemporalService.CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Answer(request, CountWorkflowExecutions);

    ValueTask<DescribeNamespaceResponse> ITemporalService.DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken cancellationToken) =>
        Answer(request, DescribeNamespace);

    ValueTask<RegisterNamespaceResponse> ITemporalService.RegisterNamespaceAsync(RegisterNamespaceRequest request, CancellationToken cancellationToken) =>
        Answer(request, RegisterNamespace);

    // The engine answers synchronously: a completed task, or a faulted one carrying the server's error.
    private static ValueTask<TResponse> Answer<TRequest, TResponse>(TRequest request, Func<TRequest, TResponse> call)
    {
        try
        {
            return new ValueTask<TResponse>(call(request));
        }
        catch (RpcException e)
        {
            return ValueTask.FromException<TResponse>(e);
        }
    }

    private static ValueTask<TResponse> Unimplemented<TResponse>(string method) =>
        ValueTask.FromException<TResponse>(Fail(StatusCode.Unimplemented, $"the in-memory Temporal does not serve {method} yet", null));
}
