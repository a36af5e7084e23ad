using System.Diagnostics;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Converters;

namespace Hourglass.Telemetry;

/// <summary>
/// A backend's <see cref="ITemporalService"/> that carries the current trace into Temporal: on the
/// requests that have a header a worker reads (start, signal-with-start, signal, query, update) it
/// sets <see cref="HourglassTelemetry.TraceHeader"/> to the W3C context of
/// <see cref="Activity.Current"/> — the operation's span — exactly as Temporal's OpenTelemetry
/// interceptors do (a payload of the default converter holding a JSON object with
/// <c>traceparent</c> and, when there is one, <c>tracestate</c>), so a worker with Temporal's tracing
/// interceptor continues the trace into the workflow. It also tags the operation's span with the
/// namespace and workflow id of each call.
/// </summary>
/// <remarks>
/// It sits outside the payload codec (<see cref="PayloadCodecService"/>), so the header payload is
/// encoded with the codec as the Temporal SDKs encode headers. Requests are the operation's own,
/// built for this call, and are changed in place. With no current span nothing is added.
/// </remarks>
internal sealed class TraceHeaderService(ITemporalService inner, HourglassInstruments instruments) : ITemporalService
{
    public ValueTask<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        if (Current(request.Namespace, request.WorkflowId) is { } span) request.Header = WithContext(request.Header, span);
        return inner.StartWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        if (Current(request.Namespace, request.WorkflowId) is { } span) request.Header = WithContext(request.Header, span);
        return inner.SignalWithStartWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, request.Execution?.WorkflowId);
        return inner.DescribeWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, request.Execution?.WorkflowId);
        return inner.GetWorkflowExecutionHistoryAsync(request, cancellationToken);
    }

    public ValueTask<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        if (Current(request.Namespace, request.WorkflowExecution?.WorkflowId) is { } span) request.Header = WithContext(request.Header, span);
        return inner.SignalWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken)
    {
        if (Current(request.Namespace, request.Execution?.WorkflowId) is { } span && request.Query is { } query)
            query.Header = WithContext(query.Header, span);
        return inner.QueryWorkflowAsync(request, cancellationToken);
    }

    public ValueTask<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        if (Current(request.Namespace, request.WorkflowExecution?.WorkflowId) is { } span && request.Request?.Input is { } input)
            input.Header = WithContext(input.Header, span);
        return inner.UpdateWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, request.UpdateRef?.WorkflowExecution?.WorkflowId);
        return inner.PollWorkflowExecutionUpdateAsync(request, cancellationToken);
    }

    public ValueTask<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, request.WorkflowExecution?.WorkflowId);
        return inner.RequestCancelWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, request.WorkflowExecution?.WorkflowId);
        return inner.TerminateWorkflowExecutionAsync(request, cancellationToken);
    }

    public ValueTask<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, null);
        return inner.ListWorkflowExecutionsAsync(request, cancellationToken);
    }

    public ValueTask<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, null);
        return inner.CountWorkflowExecutionsAsync(request, cancellationToken);
    }

    public ValueTask<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, null);
        return inner.DescribeNamespaceAsync(request, cancellationToken);
    }

    public ValueTask<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, CancellationToken cancellationToken)
    {
        Current(request.Namespace, null);
        return inner.RegisterNamespaceAsync(request, cancellationToken);
    }

    /// <summary>The W3C context of <paramref name="span"/> as Temporal's tracing interceptor writes it into a header payload.</summary>
    public static Payload ContextPayload(Activity span)
    {
        var carrier = new Dictionary<string, string>(2, StringComparer.Ordinal) { ["traceparent"] = TraceParent(span) };
        if (!string.IsNullOrEmpty(span.TraceStateString)) carrier["tracestate"] = span.TraceStateString;
        // Not encoded here: the payload codec inside this service encodes headers with the rest.
        return DataConverter.Default.PayloadConverter.ToPayload(carrier);
    }

    // The current span, if any, tagged with the call's namespace and workflow when it is Hourglass's own and recorded.
    private Activity? Current(string? ns, string? workflowId)
    {
        // Only an operation's own span is carried, and there is none while nobody listens to the source.
        if (!instruments.Source.HasListeners() || Activity.Current is not { } span) return null;
        if (ReferenceEquals(span.Source, instruments.Source) && span.IsAllDataRequested)
        {
            if (!string.IsNullOrEmpty(ns)) span.SetTag(HourglassTelemetry.NamespaceTag, ns);
            if (!string.IsNullOrEmpty(workflowId)) span.SetTag(HourglassTelemetry.WorkflowIdTag, workflowId);
        }
        return span;
    }

    private static Header WithContext(Header? header, Activity span)
    {
        header ??= new Header();
        header.Fields[HourglassTelemetry.TraceHeader] = ContextPayload(span);
        return header;
    }

    // W3C traceparent: version, trace id, parent (span) id, flags.
    private static string TraceParent(Activity span) =>
        span.IdFormat == ActivityIdFormat.W3C && span.Id is { } id
            ? id
            : $"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-{((span.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
