using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using RpcOptions = Temporalio.Client.RpcOptions;
using TemporalConnection = Temporalio.Client.TemporalConnection;
using TemporalConnectionOptions = Temporalio.Client.TemporalConnectionOptions;
using WorkflowHandle = Hourglass.Protocol.WorkflowHandle;

namespace Hourglass.Benchmarks;

/// <summary>
/// Awaits on history long polls through the real backend against the fake frontend on loopback:
/// how soon an await hears of the close, how many calls it makes, and what 10,000 of them cost.
/// </summary>
public static class AwaitBenchmarks
{
    private static IActorRef Router(BenchContext bench, FakeTemporalServer server, string extra = "") =>
        bench.System.ActorOf(ClientBackendActor.Props(HourglassSettings.Create(ConfigurationFactory.ParseString(
            $"hourglass.client-backend = real\nhourglass.real.target-host = \"{server.Target}\"\n{extra}"))));

    private static WorkflowExecution Start(FakeTemporalServer server, string id)
    {
        var started = server.Temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = id, RequestId = id, WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
        });
        return new WorkflowExecution { WorkflowId = id, RunId = started.RunId };
    }

    private static WorkflowHandle HandleOf(WorkflowExecution run) => new("default", run.WorkflowId, run.RunId);

    private static int PollsOf(FakeTemporalServer server, string workflowId) =>
        server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Count(r => r.Execution.WorkflowId == workflowId && r.WaitNewEvent);

    public static async Task AwaitLatencyAndCallsAsync(BenchContext bench)
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var router = Router(bench, server);
        var trials = bench.Quick ? 50 : 200;

        // Baseline: one describe through the same router, backend and connection.
        var warm = Start(server, "warm");
        await router.Ask<WorkflowDescribed>(new DescribeWorkflow(HandleOf(warm)), TimeSpan.FromSeconds(10));
        var describeMs = new List<double>();
        var closeMs = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            var run = Start(server, $"latency-{i}");
            var clock = Stopwatch.StartNew();
            await router.Ask<WorkflowDescribed>(new DescribeWorkflow(HandleOf(run)), TimeSpan.FromSeconds(10));
            describeMs.Add(clock.Elapsed.TotalMilliseconds);

            var closed = router.Ask<object>(new AwaitWorkflow(HandleOf(run), TimeSpan.FromSeconds(30)), TimeSpan.FromSeconds(40));
            await server.WaitForRequestAsync(r => r.Request is GetWorkflowExecutionHistoryRequest { WaitNewEvent: true } h && h.Execution.WorkflowId == run.WorkflowId,
                new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            clock.Restart();
            server.Temporal.CompleteWorkflow("default", run, null);
            if (await closed is not WorkflowClosed) throw new InvalidOperationException("the await did not close");
            closeMs.Add(clock.Elapsed.TotalMilliseconds);
        }
        var describeMedian = Median(describeMs);
        var closeMedian = Median(closeMs);
        bench.Fact(string.Create(CultureInfo.InvariantCulture,
            $"await: close → WorkflowClosed median {closeMedian:0.0} ms (p95 {Percentile(closeMs, 0.95):0.0} ms) over {trials} awaits; " +
            $"a describe round trip through the same path: median {describeMedian:0.0} ms; ratio {closeMedian / describeMedian:0.00}x (target: median ≤ 20 ms)"));
        bench.Check("issue 8: close → WorkflowClosed on the loopback fake, median", string.Create(CultureInfo.InvariantCulture, $"{closeMedian:0.0} ms"), "≤ 20 ms", closeMedian <= 20);

        // Calls per await: an open run awaited for T with the server's long-poll interval set to I.
        server.Temporal.LongPollInterval = TimeSpan.FromMilliseconds(500);
        var open = Start(server, "open");
        var before = server.Requests.Count;
        var timeout = TimeSpan.FromSeconds(3);
        var answer = await router.Ask<object>(new AwaitWorkflow(HandleOf(open), timeout), TimeSpan.FromSeconds(20));
        var polls = PollsOf(server, "open");
        var calls = server.Requests.Count - before;
        var bound = (int)Math.Ceiling(timeout.TotalSeconds / 0.5) + 1;
        bench.Fact($"await: an open run awaited {timeout.TotalSeconds:0} s with a 0.5 s long-poll interval made {polls} long polls " +
            $"and {calls - polls} other call(s) (the describe for the last status): {calls} RPCs (bound ⌈T / interval⌉ + 1 = {bound}); " +
            $"answered {(answer as OperationFailed)?.Error.Kind}");
        bench.Check("issue 8: RPCs of an await of T = 3 s on a run that stays open, long-poll interval 0.5 s",
            $"{calls} ({polls} long polls, {calls - polls} describe)", $"≤ ⌈T / interval⌉ + 1 = {bound}", calls <= bound && answer is OperationFailed { Error.Kind: ErrorKind.Timeout });
        server.Temporal.LongPollInterval = TimeSpan.FromSeconds(20);

        // An already completed run of 10,000 events.
        var done = Start(server, "done");
        for (var i = 0; i < 10_000; i++)
            server.Temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest { Namespace = "default", WorkflowExecution = done, SignalName = "s", RequestId = $"d{i}" });
        server.Temporal.CompleteWorkflow("default", done, null);
        before = server.Requests.Count;
        await router.Ask<WorkflowClosed>(new AwaitWorkflow(HandleOf(done), TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(20));
        var doneCalls = server.Requests.Count - before;
        bench.Fact($"await: an already completed run of 10,000 events took {doneCalls} call(s)");
        bench.Check("issue 8: RPCs of an await of an already completed run of 10,000 events", $"{doneCalls}", "1", doneCalls == 1);
    }

    public static async Task ManyAwaitsAsync(BenchContext bench)
    {
        var count = bench.Quick ? 2_000 : 10_000;
        await ManyAwaitsAnsweredAsync(bench, count);
        await MemoryPerPendingAwaitAsync(bench, count);
    }

    // Every await answered soon after its run closes: the fake in this process, so the test can close the runs.
    private static async Task ManyAwaitsAnsweredAsync(BenchContext bench, int count)
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var router = Router(bench, server, "hourglass.max-queries = 100000\nhourglass.real.max-long-polls = 100000");
        var awaitedRuns = Enumerable.Range(0, count).Select(i => Start(server, $"awaited-{i}")).ToArray();
        var arrivals = new Dictionary<string, long>(count);
        var allClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = bench.System.ActorOf(Props.Create(() => new Collector(arrivals, count, allClosed)));
        var sending = Stopwatch.StartNew();
        foreach (var run in awaitedRuns) router.Tell(new AwaitWorkflow(HandleOf(run), TimeSpan.FromMinutes(2)), collector);
        await WaitForPolls(server, "awaited-", count);
        sending.Stop();
        // Every poll arrived within one long-poll interval of the first being sent, so none had expired:
        // all were open at once, on the connections the fake counted.
        var connections = server.ConnectionsOpened;
        var atOnce = sending.Elapsed < server.Temporal.LongPollInterval;
        bench.Fact(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} long polls reached the fake within {sending.Elapsed.TotalSeconds:0.0} s (long-poll interval {server.Temporal.LongPollInterval.TotalSeconds:0} s) over {connections} connection(s)"));
        bench.Check($"issue 8: the fake takes {count:N0} concurrent long polls on one client connection",
            $"{(atOnce ? count : 0):N0} open at once over {connections} connection(s)", $"{count:N0} over 1", atOnce && connections == 1);

        var closedAt = new Dictionary<string, long>(count);
        foreach (var run in awaitedRuns)
        {
            server.Temporal.CompleteWorkflow("default", run, null);
            closedAt[run.WorkflowId] = Stopwatch.GetTimestamp();
        }
        await allClosed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var lags = awaitedRuns.Select(r => Stopwatch.GetElapsedTime(closedAt[r.WorkflowId], arrivals[r.WorkflowId]).TotalMilliseconds).ToList();
        bench.Fact(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} concurrent awaits on one connection: every one answered, the slowest {lags.Max():0} ms after its run closed " +
            $"(median {Median(lags):0.0} ms; target: all within 1,000 ms)"));
        bench.Check($"issue 8: {count:N0} concurrent awaits on the real backend, each answered after its run closed, slowest",
            string.Create(CultureInfo.InvariantCulture, $"{lags.Max():0} ms"), "≤ 1,000 ms", lags.Max() <= 1000);

        // Beside it, the same with the bare Temporalio client's CLOSE_EVENT long polls on a connection of
        // its own, against the same fake: how much of that lag is the client's and the fake's.
        var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(server.Target));
        var bareRuns = Enumerable.Range(0, count).Select(i => Start(server, $"bare-{i}")).ToArray();
        var bareArrivals = new long[count];
        var bare = bareRuns.Select((run, i) => connection.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
            {
                Namespace = "default", Execution = run, WaitNewEvent = true, HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
            }, new RpcOptions { Timeout = TimeSpan.FromMinutes(2) })
            .ContinueWith(_ => bareArrivals[i] = Stopwatch.GetTimestamp(), TaskContinuationOptions.ExecuteSynchronously)).ToArray();
        await WaitForPolls(server, "bare-", count);
        var bareClosedAt = new long[count];
        for (var i = 0; i < count; i++)
        {
            server.Temporal.CompleteWorkflow("default", bareRuns[i], null);
            bareClosedAt[i] = Stopwatch.GetTimestamp();
        }
        await Task.WhenAll(bare).WaitAsync(TimeSpan.FromMinutes(2));
        var bareLags = Enumerable.Range(0, count).Select(i => Stopwatch.GetElapsedTime(bareClosedAt[i], bareArrivals[i]).TotalMilliseconds).ToList();
        bench.Fact(string.Create(CultureInfo.InvariantCulture,
            $"the same {count:N0} long polls made with the bare client: the slowest answered {bareLags.Max():0} ms after its run closed (median {Median(bareLags):0.0} ms)"));
    }

    // What a pending await retains in the process that awaits: the fake runs in a process of its own,
    // so only the client side is measured — the bare Temporalio client's long polls as the baseline,
    // the same number of Hourglass awaits (router, history polls, real backend, the client) as the candidate.
    private static async Task MemoryPerPendingAwaitAsync(BenchContext bench, int count)
    {
        using var fake = await FakeProcess.StartAsync();
        var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(fake.Target));
        async Task<WorkflowExecution[]> StartRuns(string prefix)
        {
            var runs = new WorkflowExecution[count];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var id = $"{prefix}-{i}";
                    var started = await connection.WorkflowService.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
                    {
                        Namespace = "default", WorkflowId = id, RequestId = id, WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
                    });
                    runs[i] = new WorkflowExecution { WorkflowId = id, RunId = started.RunId };
                }
            }));
            return runs;
        }
        var warm = await StartRuns("warm");
        var bare = await StartRuns("bare");
        var awaited = await StartRuns("awaited");

        var pending = new List<Task>();
        double BareRound(WorkflowExecution[] runs)
        {
            var before = Retained();
            foreach (var run in runs)
            {
                pending.Add(connection.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
                {
                    Namespace = "default", Execution = run, WaitNewEvent = true, HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
                }, new RpcOptions { Timeout = TimeSpan.FromSeconds(70) }));
            }
            return (Retained() - before) / (double)count;
        }
        BareRound(warm);
        var bareBytes = BareRound(bare);

        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString(
            $"hourglass.client-backend = real\nhourglass.real.target-host = \"{fake.Target}\"\nhourglass.max-queries = 100000\nhourglass.real.max-long-polls = 100000"));
        var router = bench.System.ActorOf(ClientBackendActor.Props(settings));
        await router.Ask<WorkflowDescribed>(new DescribeWorkflow(HandleOf(awaited[0])), TimeSpan.FromSeconds(10));
        var sink = bench.System.ActorOf(Props.Create(() => new Sink()));
        var memoryBefore = Retained();
        foreach (var run in awaited) router.Tell(new AwaitWorkflow(HandleOf(run), TimeSpan.FromMinutes(2)), sink);
        // Every await has reached the server once its long poll is out: wait until the router holds them all.
        var waited = Stopwatch.StartNew();
        while ((await router.Ask<HourglassStats>(GetHourglassStats.Instance, TimeSpan.FromSeconds(10))).ActiveQueries < count && waited.Elapsed < TimeSpan.FromMinutes(1))
            await Task.Delay(100);
        await Task.Delay(2000); // let the long polls reach the wire
        var hourglassBytes = (Retained() - memoryBefore) / (double)count;
        bench.Fact(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} pending long polls (the fake in a process of its own) retain {bareBytes:0} B each made with the bare client, " +
            $"{hourglassBytes:0} B each as Hourglass awaits: Hourglass's own cost {hourglassBytes - bareBytes:0} B per pending await (target ≤ 1,536 B)"));
        bench.Check($"issue 8: retained per pending await ({count:N0} pending), Hourglass's own (over the bare client's long poll)",
            string.Create(CultureInfo.InvariantCulture, $"{hourglassBytes - bareBytes:0} B ({hourglassBytes:0} B with the client's {bareBytes:0} B)"),
            "≤ 1,536 B", hourglassBytes - bareBytes <= 1536);
    }

    private static async Task WaitForPolls(FakeTemporalServer server, string prefix, int count)
    {
        var waited = Stopwatch.StartNew();
        while (server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Count(r => r.WaitNewEvent && r.Execution.WorkflowId.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"the {prefix} long polls did not all arrive");
            await Task.Delay(50);
        }
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink() => ReceiveAny(_ => { });
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(Dictionary<string, long> arrivals, int expected, TaskCompletionSource done)
        {
            Receive<WorkflowClosed>(closed =>
            {
                arrivals[closed.Handle.WorkflowId] = Stopwatch.GetTimestamp();
                if (arrivals.Count == expected) done.TrySetResult();
            });
            Receive<OperationFailed>(failed => done.TrySetException(new InvalidOperationException(failed.Error.ToString())));
        }
    }
}
