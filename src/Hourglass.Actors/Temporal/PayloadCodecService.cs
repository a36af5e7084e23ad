using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Hourglass.Temporal;

/// <summary>
/// A backend's <see cref="ITemporalService"/> with a payload codec at its boundary: every payload
/// of a request is encoded just before the request goes to Temporal, and every payload of the
/// answer (history events, memo, query results, update outcomes, list results, the failure
/// details of an error) is decoded as it comes back, so the server only ever holds encoded
/// payloads and everything above the backend — operations, replies, messages to other nodes —
/// holds decoded ones. Search attributes stay as they are, as in every Temporal SDK.
/// </summary>
/// <remarks>
/// <para>
/// Payloads are found by <see cref="PayloadVisitor"/> (protobuf reflection), so a new RPC needs
/// only its one line here. Requests are copied before encoding (their payloads may be the
/// caller's); answers are decoded in place, or copied first when <c>sharesAnswers</c> says the
/// inner service hands out objects it keeps (the in-memory Temporal).
/// </para>
/// <para>
/// A codec that implements <see cref="IWithSerializationContext{T}"/> gets, as the Temporalio
/// client gives it, the workflow's context (<see cref="ISerializationContext.Workflow"/>) for a call
/// on one workflow, and for a call on a whole namespace (list, count) a context whose
/// <see cref="ISerializationContext.IHasWorkflow.WorkflowId"/> is null.
/// </para>
/// <para>
/// A codec that fails is reported as <see cref="ErrorKind.BackendFailed"/>, saying whether the
/// request was sent: a decode that fails after a start still leaves the workflow started.
/// </para>
/// </remarks>
internal sealed class PayloadCodecService(ITemporalService inner, IPayloadCodec codec, bool sharesAnswers) : ITemporalService
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Func<IMessage, ISerializationContext?>> Contexts = new();

    public ValueTask<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.StartWorkflowExecutionAsync, cancellationToken);

    public ValueTask<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.SignalWithStartWorkflowExecutionAsync, cancellationToken);

    public ValueTask<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.DescribeWorkflowExecutionAsync, cancellationToken);

    public ValueTask<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.GetWorkflowExecutionHistoryAsync, cancellationToken);

    public ValueTask<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.SignalWorkflowExecutionAsync, cancellationToken);

    public ValueTask<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.QueryWorkflowAsync, cancellationToken);

    public ValueTask<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.UpdateWorkflowExecutionAsync, cancellationToken);

    public ValueTask<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.PollWorkflowExecutionUpdateAsync, cancellationToken);

    public ValueTask<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.RequestCancelWorkflowExecutionAsync, cancellationToken);

    public ValueTask<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.TerminateWorkflowExecutionAsync, cancellationToken);

    public ValueTask<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.ListWorkflowExecutionsAsync, cancellationToken);

    public ValueTask<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.CountWorkflowExecutionsAsync, cancellationToken);

    public ValueTask<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.DescribeNamespaceAsync, cancellationToken);

    public ValueTask<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, CancellationToken cancellationToken) =>
        Call(request, inner.RegisterNamespaceAsync, cancellationToken);

    // With a codec that completes at once (an in-process cipher) and the in-memory Temporal, this
    // completes at once too, so the mock still answers in the same turn.
    private async ValueTask<TResponse> Call<TRequest, TResponse>(
        TRequest request, Func<TRequest, CancellationToken, ValueTask<TResponse>> rpc, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        var codec = CodecFor(request);
        if (PayloadVisitor.MayHold(request.Descriptor))
        {
            request = request.Clone();
            try
            {
                await PayloadVisitor.VisitAsync(request, codec.EncodeAsync).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw CodecFailed($"the payload codec failed to encode the {Rpc<TRequest>()} request, which was not sent", e);
            }
        }

        TResponse response;
        try
        {
            response = await rpc(request, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw await DecodedAsync(e, codec).ConfigureAwait(false);
        }

        if (!PayloadVisitor.MayHold(response.Descriptor)) return response;
        if (sharesAnswers) response = response.Clone();
        try
        {
            await PayloadVisitor.VisitAsync(response, codec.DecodeAsync).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw CodecFailed($"Temporal answered {Rpc<TRequest>()}, but the payload codec failed to decode the answer", e);
        }
        return response;
    }

    // A server failure's details can carry payloads too (a query's failure): decoded as well.
    private static async Task<RpcException> DecodedAsync(RpcException e, IPayloadCodec codec)
    {
        GrpcStatus? status;
        try
        {
            status = e.GrpcStatus.Value;
        }
        catch (InvalidProtocolBufferException)
        {
            return e;
        }
        if (status is null || !status.Details.Any(PayloadVisitor.MayHold)) return e;
        status = status.Clone();
        try
        {
            foreach (var detail in status.Details.Where(PayloadVisitor.MayHold))
                await PayloadVisitor.VisitAsync(detail, codec.DecodeAsync).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The failure is still the server's answer; it is reported with its payloads as they came.
            return e;
        }
        return new RpcException(e.Code, e.Message, status.ToByteArray());
    }

    private static TemporalCallException CodecFailed(string message, Exception e) =>
        new(HourglassError.BackendFailed(message, $"{e.GetType().Name}: {e.Message}"), e);

    private static string Rpc<TRequest>() => typeof(TRequest).Name.Replace("Request", "", StringComparison.Ordinal);

    private IPayloadCodec CodecFor(IMessage request) =>
        codec is IWithSerializationContext<IPayloadCodec> contextual
        && Contexts.GetOrAdd(request.Descriptor, ContextReader)(request) is { } context
            ? contextual.WithSerializationContext(context)
            : codec;

    // How to read the serialization context off a request type: its namespace, and the workflow
    // id it names (workflow_id, or the workflow_id of the execution it names, possibly one message
    // down as in an update's reference).
    private static Func<IMessage, ISerializationContext?> ContextReader(MessageDescriptor descriptor)
    {
        if (descriptor.FindFieldByName("namespace") is not { FieldType: FieldType.String } ns) return _ => null;
        var workflowId = WorkflowIdReader(descriptor, depth: 2);
        return request =>
        {
            var @namespace = (string)ns.Accessor.GetValue(request);
            return workflowId?.Invoke(request) is { Length: > 0 } id
                ? new ISerializationContext.Workflow(@namespace, id)
                : new NamespaceContext(@namespace);
        };
    }

    private static Func<IMessage, string?>? WorkflowIdReader(MessageDescriptor descriptor, int depth)
    {
        if (descriptor.FindFieldByName("workflow_id") is { FieldType: FieldType.String, IsRepeated: false } id)
            return m => (string)id.Accessor.GetValue(m);
        var singles = descriptor.Fields.InFieldNumberOrder()
            .Where(f => f is { FieldType: FieldType.Message, IsRepeated: false }).ToArray();
        if (singles.FirstOrDefault(f => f.MessageType == WorkflowExecution.Descriptor) is { } execution)
            return m => (execution.Accessor.GetValue(m) as WorkflowExecution)?.WorkflowId;
        if (depth <= 1) return null;
        foreach (var field in singles)
        {
            if (WorkflowIdReader(field.MessageType, depth - 1) is { } nested)
                return m => field.Accessor.GetValue(m) is IMessage child ? nested(child) : null;
        }
        return null;
    }

    /// <summary>The context of a call on a whole namespace: no one workflow.</summary>
    private sealed record NamespaceContext(string Namespace) : ISerializationContext.IHasWorkflow
    {
        public string? WorkflowId => null;
    }
}
