using System.Diagnostics;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Converters;
using Xunit.Abstractions;
using T = Hourglass.Telemetry.HourglassTelemetry;

namespace Hourglass.Tests.Telemetry;

/// <summary>
/// The Hourglass activity source on the mock backend, read with an <see cref="ActivityListener"/>:
/// a span per operation with its outcome, under the caller's span when the caller had one, and the
/// trace context in the header of the start the engine recorded.
/// </summary>
public sealed class OperationSpanTests : HourglassTestKit
{
    private readonly SpanCollector _spans;

    public OperationSpanTests(ITestOutputHelper output) : base(output) => _spans = new SpanCollector(Sys);

    protected override void AfterAll()
    {
        _spans.Dispose();
        base.AfterAll();
    }

    [Fact]
    public async Task An_operation_asked_inside_a_span_is_a_child_span_with_its_operation_backend_and_outcome()
    {
        Activity parent;
        using (parent = SpanCollector.TestSource.StartActivity("caller")!)
        {
            await Hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "s-1"));
        }

        var span = Assert.Single(_spans.Named("hourglass StartWorkflow", "s-1"));
        Assert.Equal((parent.TraceId, parent.SpanId), (span.TraceId, span.ParentSpanId));
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(("StartWorkflow", "mock", "ok", "default"),
            (span.GetTagItem(T.OperationTag), span.GetTagItem(T.BackendTag), span.GetTagItem(T.OutcomeTag), span.GetTagItem(T.NamespaceTag)));
    }

    [Fact]
    public void An_operation_told_without_a_span_starts_a_trace_and_a_failure_marks_its_span_an_error()
    {
        Hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("s-none")));
        ExpectFailure(ErrorKind.NotFound);

        var span = Assert.Single(_spans.Named("hourglass DescribeWorkflow", "s-none"));
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(("NotFound", "NotFound"), (span.GetTagItem(T.OutcomeTag), span.GetTagItem("error.type")));
    }

    [Fact]
    public void A_refused_operation_is_a_span_too()
    {
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", ""));
        ExpectFailure(ErrorKind.InvalidArgument);

        var span = Assert.Single(_spans.Named("hourglass StartWorkflow"), s => Equals(s.GetTagItem(T.OutcomeTag), "InvalidArgument"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains("StartWorkflow.WorkflowId", span.StatusDescription);
    }

    [Fact]
    public void The_backend_calls_of_a_status_query_are_spans_under_the_querys_span()
    {
        var handle = StartOne("s-2");

        Hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));
        ExpectMsg<WorkflowStatus>();

        var status = Assert.Single(_spans.Named("hourglass GetWorkflowStatus"));
        var calls = _spans.ChildrenOf(status).Select(s => s.DisplayName).ToArray();
        Assert.Equal(["hourglass DescribeWorkflow", "hourglass FetchHistory"], calls);
    }

    [Fact]
    public void The_engine_records_the_trace_context_in_the_started_events_header_as_Temporals_interceptor_writes_it()
    {
        var handle = StartOne("s-3");
        Hourglass.Tell(new FetchHistory(handle));
        var started = ExpectMsg<HistoryFetched>().History.Events[0];

        Assert.Equal(EventType.WorkflowExecutionStarted, started.EventType);
        var header = started.WorkflowExecutionStartedEventAttributes.Header.Fields[T.TraceHeader];
        Assert.Equal("json/plain", header.Metadata["encoding"].ToStringUtf8());
        var carrier = DataConverter.Default.PayloadConverter.ToValue<Dictionary<string, string>>(header);
        var span = Assert.Single(_spans.Named("hourglass StartWorkflow", "s-3"));
        Assert.Equal(span.Id, carrier["traceparent"]);
    }

    [Fact]
    public void A_traced_request_told_by_an_actor_continues_its_trace_and_a_malformed_one_is_served_untraced()
    {
        var traced = new TracedRequest(new StartWorkflow("OrderWorkflow", "s-4"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        {
            TraceState = "vendor=x",
        };
        Hourglass.Tell(traced);
        ExpectMsg<WorkflowStarted>();
        Hourglass.Tell(new TracedRequest(new StartWorkflow("OrderWorkflow", "s-5"), "not a traceparent"));
        ExpectMsg<WorkflowStarted>();

        var span = Assert.Single(_spans.Named("hourglass StartWorkflow", "s-4"));
        Assert.Equal(("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "vendor=x"),
            (span.TraceId.ToHexString(), span.ParentSpanId.ToHexString(), span.TraceStateString));
        Assert.Equal(default, Assert.Single(_spans.Named("hourglass StartWorkflow", "s-5")).ParentSpanId);
    }
}
