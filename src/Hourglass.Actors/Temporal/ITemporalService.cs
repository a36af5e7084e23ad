using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Temporal;

/// <summary>
/// The part of Temporal's WorkflowService that Hourglass calls, one method per RPC, taking and
/// giving the WorkflowService protobufs. It is the backends' contract: the real backend implements
/// it over the Temporalio client (with deadlines and retries), the in-memory Temporal implements it
/// in-process, and every operation is written once against it (<c>Hourglass.Operations</c>).
/// </summary>
/// <remarks>
/// A failure the server reports is thrown as a <see cref="Temporalio.Exceptions.RpcException"/>
/// carrying the gRPC code and Temporal's failure details; a failure before any answer (no
/// connection, a deadline) as a <see cref="TemporalCallException"/> with its error already
/// classified.
/// </remarks>
public interface ITemporalService
{
    /// <summary>StartWorkflowExecution.</summary>
    ValueTask<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>SignalWithStartWorkflowExecution.</summary>
    ValueTask<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>DescribeWorkflowExecution.</summary>
    ValueTask<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>GetWorkflowExecutionHistory.</summary>
    ValueTask<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken);

    /// <summary>SignalWorkflowExecution.</summary>
    ValueTask<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>QueryWorkflow.</summary>
    ValueTask<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken);

    /// <summary>UpdateWorkflowExecution.</summary>
    ValueTask<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>PollWorkflowExecutionUpdate.</summary>
    ValueTask<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken);

    /// <summary>RequestCancelWorkflowExecution.</summary>
    ValueTask<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>TerminateWorkflowExecution.</summary>
    ValueTask<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken cancellationToken);

    /// <summary>ListWorkflowExecutions.</summary>
    ValueTask<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken);

    /// <summary>CountWorkflowExecutions.</summary>
    ValueTask<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken);

    /// <summary>DescribeNamespace.</summary>
    ValueTask<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken cancellationToken);

    /// <summary>RegisterNamespace.</summary>
    ValueTask<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, CancellationToken cancellationToken);
}
