using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.FakeTemporal;

namespace Hourglass.Chaos;

/// <summary>
/// One phase of the chaos run: an ActorSystem with Hourglass started by <c>StartHourglass</c> (so its
/// RouterKeeper brings the router back), on the real backend through a loopback proxy in front of the
/// fake frontend, or on the mock; the operations kept <c>window</c> in flight while the monkey acts;
/// then the chaos stops, every answer is waited for, and the server is checked for duplicates.
/// </summary>
internal sealed class ChaosPhase(ChaosOptions options, string backend, int operations, TextWriter output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Runs the phase and prints its report; its result is OK when nothing was lost, doubled or duplicated.</summary>
    public async Task<PhaseResult> RunAsync()
    {
        var random = new Random(options.Seed + (backend == "real" ? 0 : 7919));
        FakeTemporalServer? server = null;
        LoopbackProxy? proxy = null;
        if (backend == "real")
        {
            server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(200) });
            // Awaits long-poll the history: the server's long-poll interval short enough for the run's awaits.
            server.Temporal.LongPollInterval = TimeSpan.FromSeconds(2);
            proxy = LoopbackProxy.Start(server.Port);
        }
        var linger = options.Bounded ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(1);
        using var system = ActorSystem.Create("chaos", Config(proxy));
        try
        {
            var router = system.StartHourglass();
            var tally = new Tally(operations);
            var catchers = system.ActorOf(Props.Create(() => new Catcher.Parent(tally, Bound, linger)), "catchers");
            system.ActorOf(Props.Create(() => new DeadLetterWatch(tally, catchers.Path)), "dead-letter-watch");
            Worker worker = server is null ? new Worker.ThroughControls(new Random(random.Next())) : new Worker.OnServer(server, new Random(random.Next()));
            var workload = new Workload(backend, random, router, system.ActorSelection("/user/hourglass"), worker);
            var monkey = new Monkey(system, new Random(random.Next()), server, proxy, backend, options.ChaosEvery(backend));

            var clock = Stopwatch.StartNew();
            var began = Stopwatch.GetTimestamp();
            var ops = await DriveAsync(workload, catchers, tally, operations, options.Calm ? null : monkey);
            await monkey.CalmAsync();
            await Task.WhenAll(ops.Select(o => o.Done.Task));
            var driven = clock.Elapsed;
            // Let a second answer, if any, reach its catcher or dead letters.
            await Task.Delay(linger * 2);

            var current = await system.ActorSelection("/user/hourglass").ResolveOne(TimeSpan.FromSeconds(10));
            var checks = server is not null
                ? ServerChecks.OfServer(server, workload, ops)
                : await ServerChecks.ThroughRouterAsync(current, workload, ops);
            return Report(tally, checks, monkey, driven, began);
        }
        finally
        {
            await system.Terminate();
            if (proxy is not null) await proxy.DisposeAsync();
            if (server is not null) await server.DisposeAsync();
        }
    }

    private async Task<List<Op>> DriveAsync(Workload workload, IActorRef catchers, Tally tally, int count, Monkey? monkey)
    {
        using var window = new SemaphoreSlim(options.Window);
        var ops = new List<Op>(count);
        var progress = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync();
            var op = workload.Next(i);
            _ = op.Done.Task.ContinueWith(_ => window.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            catchers.Tell(op);
            monkey?.Sent(i);
            ops.Add(op);
            if (!options.Bounded && progress.Elapsed > TimeSpan.FromSeconds(10))
            {
                progress.Restart();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... {backend}: {tally.Sent:N0} sent, {tally.Answered:N0} answered, {tally.Pending:N0} in flight"));
            }
        }
        // Wait for the last ones before the window goes.
        for (var i = 0; i < options.Window; i++) await window.WaitAsync();
        return ops;
    }

    private Akka.Configuration.Config Config(LoopbackProxy? proxy)
    {
        var level = options.Log ? "WARNING" : "OFF";
        var target = proxy?.Target ?? "127.0.0.1:1";
        return ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = {{level}}
              stdout-loglevel = {{level}}
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor.serialize-messages = {{(options.Serialize ? "on" : "off")}}
            }
            hourglass {
              client-backend = {{backend}}
              query-timeout = 10s
              await.default-poll-interval = 100ms
              real {
                target-host = "{{target}}"
                connect-timeout = 1s
                rpc-timeout = 2s
                query-timeout = 3s
                update-timeout = 3s
                long-poll-timeout = 4s
                retry { max-attempts = 3, initial-backoff = 20ms, max-backoff = 200ms }
              }
            }
            """);
    }

    private PhaseResult Report(Tally tally, ServerChecks checks, Monkey monkey, TimeSpan elapsed, long began)
    {
        var alreadyStarted = tally.Mix.GetValueOrDefault(("start", "AlreadyStarted"));
        var ok = tally.Lost == 0 && tally.Doubled == 0 && tally.Late == 0 && tally.Pending == 0 && tally.Misdirected == 0
            && checks.Clean && alreadyStarted == 0;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        output.WriteLine($"chaos phase {backend}: {N(operations)} operations, {options.Window} in flight, seed {options.Seed}, {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        output.WriteLine($"  sent {N(tally.Sent)}, answered {N(tally.Answered)}, lost {N(tally.Lost + tally.Pending)}, doubled {N(tally.Doubled)}, late {N(tally.Late)}, misdirected {N(tally.Misdirected)}");
        output.WriteLine($"  server: {N(checks.Workflows)} of {N(checks.Started)} workflows sent were started, with {N(checks.Runs)} runs: {N(checks.DuplicateStarts)} duplicate starts, " +
            $"{N(alreadyStarted)} starts refused as already started; {N(checks.Signals)} signals recorded, {N(checks.DuplicateSignals)} duplicate signals");
        output.WriteLine(checks.RecordedCalls > 0
            ? $"  frontend: {N(checks.RecordedCalls)} calls received, {N(checks.RequestIdsChanged)} starts or signals under a second request id; {N(checks.AnsweredNotDone)} answered done but not on the server"
            : $"  {N(checks.AnsweredNotDone)} answered done but not on the server");
        output.WriteLine($"  chaos: {string.Join(", ", monkey.Acts.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {N(a.Value)}"))}");
        output.WriteLine("  outcomes:");
        foreach (var operation in tally.Mix.GroupBy(m => m.Key.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var mix = operation.OrderByDescending(m => m.Value).Select(m => $"{m.Key.Outcome} {N(m.Value)}");
            output.WriteLine($"    {operation.Key,-17} {N(operation.Sum(m => m.Value)),7}: {string.Join(", ", mix)}");
            if (!options.Why) continue;
            foreach (var example in tally.Examples.Where(e => e.Key.Operation == operation.Key).OrderBy(e => e.Key.Outcome, StringComparer.Ordinal))
                output.WriteLine($"      {example.Key.Outcome}: {example.Value}");
        }
        output.WriteLine($"  slowest answers: {string.Join(", ", tally.Slowest.Select(s => $"{s.What} {s.Took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"))}");
        foreach (var sample in tally.Samples.Concat(checks.Samples)) output.WriteLine($"  ! {sample}");
        // Where a lost one was sent, and what the monkey did around then.
        string At(long timestamp) => (Stopwatch.GetElapsedTime(began, timestamp).TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture);
        foreach (var op in tally.LostOps.OrderBy(o => o.Index).Take(3))
        {
            var around = monkey.Log.Where(a => Math.Abs(Stopwatch.GetElapsedTime(op.SentAt, a.At).TotalSeconds) < 1.5).Select(a => $"{At(a.At)} s {a.Act}");
            output.WriteLine($"  ! lost #{op.Index} {op.Name} sent at {At(op.SentAt)} s to {(op.Target is IActorRef ? "the first router" : "the router's path")}; acts around: {string.Join("; ", around)}");
        }
        output.WriteLine(ok ? $"chaos phase {backend}: OK" : $"chaos phase {backend}: FAILED");
        return new PhaseResult(ok, tally.Sent, tally.Lost + tally.Pending, tally.Doubled + tally.Late, elapsed);
    }
}

/// <summary>What a phase adds to the run's last line.</summary>
internal sealed record PhaseResult(bool Ok, int Sent, int Lost, int Doubled, TimeSpan Elapsed);
