using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Chaos;

/// <summary>
/// <c>hourglass.max-queries</c> under load: 100,000 status queries sent at once to a router with the
/// default bound (20,000), its backend an actor that holds every describe until all have been sent.
/// The queries beyond the bound must answer Overloaded at once, and the live query actors (the
/// describes' senders, each watched until it stops) must never be more than the bound.
/// </summary>
internal static class QueryBoundRun
{
    private const int Queries = 100_000;

    public static async Task<bool> RunAsync(TextWriter output)
    {
        var config = ConfigurationFactory.ParseString("akka { loglevel = OFF, stdout-loglevel = OFF, log-dead-letters = off }\nhourglass.client-backend = mock");
        using var system = ActorSystem.Create("queries", config);
        try
        {
            var router = system.StartHourglass();
            var settings = Configuration.HourglassSettings.Create(system);
            var done = new TaskCompletionSource<Result>(TaskCreationOptions.RunContinuationsAsynchronously);
            var backend = system.ActorOf(Props.Create(() => new HoldingBackend()), "holding-backend");
            var clock = Stopwatch.StartNew();
            system.ActorOf(Props.Create(() => new Client(router, backend, settings.MaxQueries, done)), "client");
            var result = await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var bound = settings.MaxQueries;
            var ok = result.Answered == Queries && result.Overloaded == Queries - bound && result.Served == bound && result.MaxLive <= bound;
            string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
            output.WriteLine($"max-queries under load: {N(Queries)} status queries at once, hourglass.max-queries = {N(bound)}, {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            output.WriteLine($"  answered {N(result.Answered)}: Overloaded {N(result.Overloaded)} (before any describe was answered), WorkflowStatus {N(result.Served)}, other {N(result.Other)}");
            output.WriteLine($"  live query actors at most {N(result.MaxLive)}; router's active queries at the peak {N(result.ActiveAtPeak)}, after {N(result.ActiveAfter)}");
            output.WriteLine(ok ? "max-queries: OK" : "max-queries: FAILED");
            return ok;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed record Result(int Answered, int Overloaded, int Served, int Other, int MaxLive, int ActiveAtPeak, int ActiveAfter);

    private sealed record Release(int Expected) : INoSerializationVerificationNeeded;

    private sealed record Held(int Live, int MaxLive) : INoSerializationVerificationNeeded;

    /// <summary>
    /// The backend of the client's queries: holds every describe until released, watching each sender
    /// (a query actor) to count how many live at once.
    /// </summary>
    private sealed class HoldingBackend : ReceiveActor
    {
        private readonly List<(IActorRef Sender, DescribeWorkflow Request)> _held = new();
        private readonly HashSet<IActorRef> _live = new();
        private int _maxLive;
        private IActorRef? _releaser;
        private int _expected;

        public HoldingBackend()
        {
            Receive<DescribeWorkflow>(d =>
            {
                if (_live.Add(Sender)) Context.Watch(Sender);
                _maxLive = Math.Max(_maxLive, _live.Count);
                _held.Add((Sender, d));
                ReleaseIfAll();
            });
            Receive<Terminated>(t => _live.Remove(t.ActorRef));
            Receive<Release>(r =>
            {
                _releaser = Sender;
                _expected = r.Expected;
                ReleaseIfAll();
            });
        }

        private void ReleaseIfAll()
        {
            if (_releaser is null || _held.Count < _expected) return;
            _releaser.Tell(new Held(_live.Count, _maxLive));
            _releaser = null;
            foreach (var (sender, request) in _held) sender.Tell(new WorkflowDescribed(request.Handle, Describe(request.Handle)));
            _held.Clear();
        }

        private static DescribeWorkflowExecutionResponse Describe(WorkflowHandle handle) => new()
        {
            WorkflowExecutionInfo = new()
            {
                Execution = new() { WorkflowId = handle.WorkflowId, RunId = "6f1e1d6e-6b1a-4c43-9d2c-0f3f7a1e0b11" },
                Type = new() { Name = "Held" },
                Status = WorkflowExecutionStatus.Running,
                StartTime = Timestamp.FromDateTime(DateTime.UtcNow),
                HistoryLength = 2,
            },
        };
    }

    /// <summary>Sends every query from one sender (whose override is the holding backend) and counts the answers.</summary>
    private sealed class Client : ReceiveActor
    {
        private int _answered;
        private int _overloaded;
        private int _served;
        private int _other;
        private int _activeAtPeak;
        private Held? _held;

        public Client(IActorRef router, IActorRef backend, int bound, TaskCompletionSource<Result> done)
        {
            Receive<BackendChanged>(_ =>
            {
                for (var i = 0; i < Queries; i++) router.Tell(new GetWorkflowStatus(WorkflowHandle.Latest($"q-{i % 1000}")));
                // Every query is in: the router counts the ones in flight.
                router.Tell(GetHourglassStats.Instance);
            });
            Receive<HourglassStats>(stats =>
            {
                if (_held is null)
                {
                    _activeAtPeak = stats.ActiveQueries;
                    backend.Tell(new Release(bound));
                    return;
                }
                done.TrySetResult(new Result(_answered, _overloaded, _served, _other, _held.MaxLive, _activeAtPeak, stats.ActiveQueries));
            });
            Receive<Held>(held => _held = held);
            Receive<OperationFailed>(f =>
            {
                if (f.Error.Kind == ErrorKind.Overloaded && _held is null) _overloaded++;
                else _other++;
                Answered(router);
            });
            Receive<WorkflowStatus>(_ =>
            {
                _served++;
                Answered(router);
            });
            router.Tell(new UseBackend(BackendChoice.Of(backend)));
        }

        private void Answered(IActorRef router)
        {
            if (++_answered == Queries) router.Tell(GetHourglassStats.Instance);
        }
    }
}
