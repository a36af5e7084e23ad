using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;
using T = Hourglass.Telemetry.HourglassTelemetry;

namespace Hourglass.Tests.Telemetry;

/// <summary>
/// The Hourglass meter on the mock backend, read with a <see cref="System.Diagnostics.Metrics.MeterListener"/>:
/// operations counted and timed by operation, backend and outcome where they are answered, and the
/// gauges of what is in flight.
/// </summary>
public sealed class OperationMetricsTests : HourglassTestKit
{
    private readonly MetricCollector _metrics;

    public OperationMetricsTests(ITestOutputHelper output) : base(output) => _metrics = new MetricCollector(Sys);

    private static (string, object?)[] Tags(string operation, string outcome) =>
        [(T.OperationTag, operation), (T.BackendTag, "mock"), (T.OutcomeTag, outcome)];

    protected override void AfterAll()
    {
        _metrics.Dispose();
        base.AfterAll();
    }

    [Fact]
    public void Operations_are_counted_and_timed_by_operation_backend_and_outcome()
    {
        StartOne("m-1");
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "m-1"));
        ExpectFailure(ErrorKind.AlreadyStarted);
        Hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest("m-none")));
        ExpectFailure(ErrorKind.NotFound);
        Hourglass.Tell(new StartWorkflow("OrderWorkflow", ""));
        ExpectFailure(ErrorKind.InvalidArgument);

        // Recorded before the reply is sent: no waiting needed.
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("StartWorkflow", "ok")));
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("StartWorkflow", "AlreadyStarted")));
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("DescribeWorkflow", "NotFound")));
        // Refused by the router before any backend: counted there, for the sender's backend.
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("StartWorkflow", "InvalidArgument")));
        var timed = Assert.Single(_metrics.Of(T.OperationDuration, Tags("StartWorkflow", "ok")));
        Assert.InRange(timed.Value, 0, 10);
        Assert.Single(_metrics.Of(T.OperationDuration, Tags("DescribeWorkflow", "NotFound")));
    }

    [Fact]
    public void A_status_query_is_counted_with_the_backend_call_it_made()
    {
        var handle = StartOne("m-2");

        Hourglass.Tell(new GetWorkflowStatus(handle));
        ExpectMsg<WorkflowStatus>();
        Hourglass.Tell(new GetWorkflowStatus(WorkflowHandle.Latest("m-none")));
        ExpectFailure(ErrorKind.NotFound);

        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("GetWorkflowStatus", "ok")));
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("GetWorkflowStatus", "NotFound")));
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("DescribeWorkflow", "ok")));
        Assert.Single(_metrics.Of(T.OperationDuration, Tags("GetWorkflowStatus", "ok")));
    }

    [Fact]
    public void Awaits_watches_queries_and_long_polls_in_flight_are_observed_while_they_wait()
    {
        var handle = StartOne("m-3");
        var watcher = CreateTestProbe();

        Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromMinutes(1)));
        Hourglass.Tell(new WatchWorkflow(handle), watcher.Ref);

        AwaitAssert(() =>
        {
            Assert.Equal(1, _metrics.Observe(T.AwaitsPending));
            Assert.Equal(1, _metrics.Observe(T.WatchesActive));
            Assert.Equal(2, _metrics.Observe(T.QueriesInFlight));
            // One long poll serves both (ALL_EVENT, for the watch), held by the mock for the engine's answer.
            Assert.Equal(1, _metrics.Observe(T.LongPollsInFlight, (T.BackendTag, "mock")));
        });

        Hourglass.Tell(new CompleteWorkflow(handle, (object?)7));
        ExpectMsg<MockWorkflowUpdated>();
        Assert.Equal(7, ExpectMsg<WorkflowClosed>().ResultAs<int>());
        watcher.FishForMessage(m => m is WorkflowWatchEnded);

        AwaitAssert(() =>
        {
            Assert.Equal(0, _metrics.Observe(T.AwaitsPending));
            Assert.Equal(0, _metrics.Observe(T.WatchesActive));
            Assert.Equal(0, _metrics.Observe(T.QueriesInFlight));
            Assert.Equal(0, _metrics.Observe(T.LongPollsInFlight, (T.BackendTag, "mock")));
        });
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("AwaitWorkflow", "ok")));
        Assert.Equal(1, _metrics.Sum(T.Operations, Tags("WatchWorkflow", "ok")));
    }

    [Fact]
    public async Task Another_systems_operations_are_not_seen_by_this_systems_listener()
    {
        using var other = ActorSystem.Create("other", TestConfig());
        var router = other.StartHourglass();

        var started = await router.Ask<object>(new StartWorkflow("OrderWorkflow", "m-4"), TimeSpan.FromSeconds(10));

        Assert.IsType<WorkflowStarted>(started);
        Assert.Equal(0, _metrics.Sum(T.Operations, Tags("StartWorkflow", "ok")));
    }
}
