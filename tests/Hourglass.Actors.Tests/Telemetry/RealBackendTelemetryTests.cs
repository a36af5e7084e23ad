using System.Diagnostics;
using Hourglass.FakeTemporal;
using Hourglass.Health;
using Hourglass.Protocol;
using Hourglass.Tests.Real;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Converters;
using Xunit.Abstractions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;
using T = Hourglass.Telemetry.HourglassTelemetry;

namespace Hourglass.Tests.Telemetry;

/// <summary>
/// Spans, metrics and readiness of the real backend, through the Temporalio client against the fake
/// frontend: a client span per RPC attempt under the operation's span, retries counted, the trace
/// context in the header of the requests the server recorded, and Temporal's reachability.
/// </summary>
public sealed class RealBackendTelemetryTests : RealBackendTestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SpanCollector _spans;
    private readonly MetricCollector _metrics;

    public RealBackendTelemetryTests(ITestOutputHelper output) : base(output)
    {
        _spans = new SpanCollector(Sys);
        _metrics = new MetricCollector(Sys);
    }

    public override async Task DisposeAsync()
    {
        _spans.Dispose();
        _metrics.Dispose();
        await base.DisposeAsync();
    }

    private static string TraceParentIn(Header header)
    {
        var payload = header.Fields[T.TraceHeader];
        Assert.Equal("json/plain", payload.Metadata["encoding"].ToStringUtf8());
        return DataConverter.Default.PayloadConverter.ToValue<Dictionary<string, string>>(payload)["traceparent"];
    }

    [Fact]
    public void A_start_is_a_span_with_a_client_span_per_attempt_a_retry_counted_and_its_trace_in_the_request_header()
    {
        Server.InjectFault("StartWorkflowExecution", FakeFault.Error(StatusCode.Unavailable, "blip"), times: 1);

        Router.Tell(new StartWorkflow("OrderWorkflow", "rt-1"));
        ExpectMsg<WorkflowStarted>(Patience);

        var operation = Assert.Single(_spans.Named("hourglass StartWorkflow", "rt-1"));
        Assert.Equal("real", operation.GetTagItem(T.BackendTag));
        var attempts = _spans.ChildrenOf(operation).OrderBy(s => s.StartTimeUtc).ToArray();
        Assert.Equal(2, attempts.Length);
        foreach (var attempt in attempts)
        {
            Assert.Equal("temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution", attempt.DisplayName);
            Assert.Equal(ActivityKind.Client, attempt.Kind);
            Assert.Equal(("grpc", "temporal.api.workflowservice.v1.WorkflowService", "StartWorkflowExecution", Server.Target),
                (attempt.GetTagItem("rpc.system"), attempt.GetTagItem("rpc.service"), attempt.GetTagItem("rpc.method"), attempt.GetTagItem("server.address")));
        }
        Assert.Equal((1, 14, "UNAVAILABLE", ActivityStatusCode.Error),
            (attempts[0].GetTagItem("hourglass.rpc.attempt"), attempts[0].GetTagItem("rpc.grpc.status_code"), attempts[0].GetTagItem("error.type"), attempts[0].Status));
        Assert.Equal((2, 0, ActivityStatusCode.Unset),
            (attempts[1].GetTagItem("hourglass.rpc.attempt"), attempts[1].GetTagItem("rpc.grpc.status_code"), attempts[1].Status));

        Assert.Equal(1, _metrics.Sum(T.RpcRetries, ("rpc.method", "StartWorkflowExecution"), ("error.type", "UNAVAILABLE")));
        Assert.Equal(1, _metrics.Sum(T.Operations, (T.OperationTag, "StartWorkflow"), (T.BackendTag, "real"), (T.OutcomeTag, "ok")));

        // The same request went twice (a retry keeps its request id) and carried the operation's span both times.
        var sent = Server.RequestsOf<StartWorkflowExecutionRequest>().Where(r => r.WorkflowId == "rt-1").ToArray();
        Assert.NotEmpty(sent);
        Assert.All(sent, r => Assert.Equal(operation.Id, TraceParentIn(r.Header)));
    }

    [Fact]
    public void Signal_signal_with_start_query_and_update_carry_their_spans_trace_context_too()
    {
        Router.Tell(new StartWorkflow("OrderWorkflow", "rt-2"));
        var handle = ExpectMsg<WorkflowStarted>(Patience).Handle;
        Server.Temporal.SetQueryHandler("default", "rt-2", "progress", _ => Backends.Mock.QueryAnswer.Of(75));
        Server.Temporal.SetUpdateHandler("default", "rt-2", "add-line", _ => Backends.Mock.UpdateAnswer.Complete("added"));

        Router.Tell(new SignalWorkflow(handle, "approve"));
        ExpectMsg<WorkflowSignaled>(Patience);
        Router.Tell(new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "rt-3"), "approve"));
        ExpectMsg<WorkflowStarted>(Patience);
        Router.Tell(new QueryWorkflow(handle, "progress"));
        ExpectMsg<WorkflowQueried>(Patience);
        Router.Tell(new UpdateWorkflow(handle, "add-line", "sku-1"));
        ExpectMsg<WorkflowUpdated>(Patience);

        Assert.Equal(Assert.Single(_spans.Named("hourglass SignalWorkflow", "rt-2")).Id,
            TraceParentIn(Assert.Single(Server.RequestsOf<SignalWorkflowExecutionRequest>()).Header));
        Assert.Equal(Assert.Single(_spans.Named("hourglass SignalWithStartWorkflow", "rt-3")).Id,
            TraceParentIn(Assert.Single(Server.RequestsOf<SignalWithStartWorkflowExecutionRequest>()).Header));
        Assert.Equal(Assert.Single(_spans.Named("hourglass QueryWorkflow", "rt-2")).Id,
            TraceParentIn(Assert.Single(Server.RequestsOf<QueryWorkflowRequest>()).Query.Header));
        Assert.Equal(Assert.Single(_spans.Named("hourglass UpdateWorkflow", "rt-2")).Id,
            TraceParentIn(Server.RequestsOf<UpdateWorkflowExecutionRequest>()[0].Request.Input.Header));
    }

    [Fact]
    public async Task An_await_is_a_span_with_its_history_long_polls_under_it_each_a_client_span()
    {
        Router.Tell(new StartWorkflow("OrderWorkflow", "rt-4"));
        var handle = ExpectMsg<WorkflowStarted>(Patience).Handle;

        Router.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(30)));
        using var patience = new CancellationTokenSource(Patience);
        await Server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(r => r.WaitNewEvent, patience.Token);
        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "rt-4" }, null);
        ExpectMsg<WorkflowClosed>(Patience);

        var awaitSpan = Assert.Single(_spans.Named("hourglass AwaitWorkflow"));
        Assert.Equal(("real", "ok"), (awaitSpan.GetTagItem(T.BackendTag), awaitSpan.GetTagItem(T.OutcomeTag)));
        var polls = _spans.ChildrenOf(awaitSpan).Where(s => s.DisplayName == "hourglass PollHistory").ToArray();
        Assert.NotEmpty(polls);
        var rpc = Assert.Single(_spans.ChildrenOf(polls[^1]));
        Assert.Equal(("temporal.api.workflowservice.v1.WorkflowService/GetWorkflowExecutionHistory", ActivityKind.Client, 0),
            (rpc.DisplayName, rpc.Kind, rpc.GetTagItem("rpc.grpc.status_code")));
    }

    [Fact]
    public async Task The_connection_gauge_is_1_while_calls_reach_Temporal_and_0_after_one_that_could_not()
    {
        var target = ("server.address", (object?)Server.Target);
        Router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("rt-none")));
        ExpectFailure(ErrorKind.NotFound, Patience);
        Assert.Equal(1, _metrics.Observe(T.TemporalConnected, target));

        await Server.StopAsync();
        Router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("rt-none")));
        ExpectFailure(ErrorKind.Unreachable, Patience);
        Assert.Equal(0, _metrics.Observe(T.TemporalConnected, target));

        await Server.RestartAsync();
        Router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("rt-none")));
        ExpectFailure(ErrorKind.NotFound, Patience);
        Assert.Equal(1, _metrics.Observe(T.TemporalConnected, target));
    }

    [Fact]
    public async Task Readiness_fails_once_a_call_cannot_reach_Temporal_and_passes_again_when_it_is_back()
    {
        // A long fresh window: only a failed call makes the check probe while Temporal is stopped.
        var check = new HourglassReadinessCheck(Sys, _ => Task.FromResult(Router),
            new HealthSettings { TemporalFreshFor = TimeSpan.FromMinutes(5), ProbeTimeout = TimeSpan.FromSeconds(5) });
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("ready", check, null, null) };

        var first = await check.CheckHealthAsync(context);
        Assert.True(first.Status == HealthStatus.Healthy, first.Description);
        Assert.Contains("answered a probe", first.Description);
        var second = await check.CheckHealthAsync(context);
        Assert.Contains("answered 0", second.Description);   // fresh: no probe

        await Server.StopAsync();
        Router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("rt-none")));
        ExpectFailure(ErrorKind.Unreachable, Patience);
        var stopped = await check.CheckHealthAsync(context);
        Assert.True(stopped.Status == HealthStatus.Unhealthy, stopped.Description);
        Assert.Contains($"Temporal at {Server.Target} does not answer", stopped.Description);

        await Server.RestartAsync();
        var back = await check.CheckHealthAsync(context);
        Assert.True(back.Status == HealthStatus.Healthy, back.Description);
    }

    [Fact]
    public async Task Readiness_probes_on_every_check_with_no_fresh_window_so_a_stopped_Temporal_fails_it_at_once()
    {
        var check = new HourglassReadinessCheck(Sys, _ => Task.FromResult(Router),
            new HealthSettings { TemporalFreshFor = TimeSpan.Zero, ProbeTimeout = TimeSpan.FromSeconds(5) });
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("ready", check, null, null) };
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);

        await Server.StopAsync();

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);
        Assert.Equal(1, Server.ConnectionsOpened);
    }
}
