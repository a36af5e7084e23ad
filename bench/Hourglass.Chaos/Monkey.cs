using Akka.Actor;
using Hourglass.FakeTemporal;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Chaos;

/// <summary>
/// The chaos: every so many operations (at random, <c>every</c> on average) it injects a fault into the fake server (UNAVAILABLE,
/// RESOURCE_EXHAUSTED, INTERNAL, a delay, a reset stream, a dropped connection) for one method or
/// every method, resets every connection at the proxy, makes the proxy reset every new connection
/// for a moment, stops the server and starts it again, or sends Kill or PoisonPill to the router, to
/// its backend child, to its history polls or (Kill) to its status queries. Without a server (the
/// mock phase) only the kills.
/// </summary>
/// <remarks>
/// The acts are dealt from a shuffled deck holding each kind once, dealt again when empty, so even
/// a short run (the bounded form) has every kind of fault, restart and kill, and a long one has them
/// all about equally often. They are paced by operations sent, not by time, so a phase gets as much
/// chaos on a slow machine as on a fast one (and the mock, which answers in microseconds, as much as
/// the real backend).
/// </remarks>
internal sealed class Monkey
{
    private static readonly string[] Methods =
    [
        "StartWorkflowExecution", "SignalWorkflowExecution", "SignalWithStartWorkflowExecution", "DescribeWorkflowExecution",
        "GetWorkflowExecutionHistory", "QueryWorkflow", "UpdateWorkflowExecution", "PollWorkflowExecutionUpdate",
        "RequestCancelWorkflowExecution", "TerminateWorkflowExecution", "ListWorkflowExecutions", "CountWorkflowExecutions",
    ];

    private readonly ActorSystem _system;
    private readonly Random _random;
    private readonly FakeTemporalServer? _server;
    private readonly LoopbackProxy? _proxy;
    private readonly int _every;
    private long _nextAct;
    private readonly List<Action> _kinds = new();
    private readonly Queue<Action> _deck = new();
    private readonly Dictionary<string, int> _acts = new(StringComparer.Ordinal);
    private readonly List<(long At, string Act)> _log = new();
    private Task _restarting = Task.CompletedTask;
    private Task _refusing = Task.CompletedTask;

    public Monkey(ActorSystem system, Random random, FakeTemporalServer? server, LoopbackProxy? proxy, string backend, int every)
    {
        _system = system;
        _random = random;
        _server = server;
        _proxy = proxy;
        _every = every;
        _nextAct = NextGap();
        foreach (var path in new[] { $"/user/hourglass/{backend}", "/user/hourglass/polls", "/user/hourglass" })
        {
            _kinds.Add(() => Blow(path, Kill.Instance));
            _kinds.Add(() => Blow(path, PoisonPill.Instance));
        }
        _kinds.Add(() => Blow("/user/hourglass/query-*", Kill.Instance));
        if (server is null || proxy is null) return;
        _kinds.Add(() => InjectFault("UNAVAILABLE", FakeFault.Error(StatusCode.Unavailable, "chaos: unavailable")));
        _kinds.Add(() => InjectFault("RESOURCE_EXHAUSTED", FakeFault.Error(StatusCode.ResourceExhausted, "chaos: rate limited",
            new Temporalio.Api.ErrorDetails.V1.ResourceExhaustedFailure { Cause = Temporalio.Api.Enums.V1.ResourceExhaustedCause.RpsLimit })));
        _kinds.Add(() => InjectFault("INTERNAL", FakeFault.Error(StatusCode.Internal, "chaos: internal")));
        _kinds.Add(() => InjectFault("delay", FakeFault.Delayed(TimeSpan.FromMilliseconds(50 + _random.Next(1500)))));
        _kinds.Add(() => InjectFault("reset stream", FakeFault.AbortCall()));
        _kinds.Add(() => InjectFault("dropped connection", FakeFault.DropConnection()));
        _kinds.Add(() =>
        {
            proxy.ResetConnections();
            Count("connection resets at the proxy");
        });
        _kinds.Add(RefuseConnections);
        _kinds.Add(RestartServer);
    }

    /// <summary>What was done, and how often.</summary>
    public IReadOnlyDictionary<string, int> Acts => _acts;

    /// <summary>Every act, with when it was done (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public IReadOnlyList<(long At, string Act)> Log => _log;

    /// <summary>Called as operation <paramref name="index"/> is sent: acts when its turn has come.</summary>
    public void Sent(int index)
    {
        if (index < _nextAct) return;
        _nextAct = index + NextGap();
        Deal()();
    }

    /// <summary>Ends the chaos: no fault left, the server up, the proxy forwarding.</summary>
    public async Task CalmAsync()
    {
        await Task.WhenAll(_restarting, _refusing);
        _server?.ClearFaults();
        if (_server is { IsRunning: false }) await _server.RestartAsync();
        if (_proxy is not null) _proxy.Mode = LoopbackProxyMode.Forward;
    }

    private int NextGap() => _every / 2 + _random.Next(_every + 1);

    private Action Deal()
    {
        if (_deck.Count == 0)
        {
            var shuffled = _kinds.ToArray();
            _random.Shuffle(shuffled);
            foreach (var kind in shuffled) _deck.Enqueue(kind);
        }
        return _deck.Dequeue();
    }

    private void Count(string act)
    {
        _acts[act] = _acts.GetValueOrDefault(act) + 1;
        _log.Add((System.Diagnostics.Stopwatch.GetTimestamp(), act));
    }

    private void Blow(string path, object how)
    {
        _system.ActorSelection(path).Tell(how);
        Count($"{(how is Kill ? "Kill" : "PoisonPill")} {path}");
    }

    private void InjectFault(string name, FakeFault fault)
    {
        var times = 1 + _random.Next(8);
        // One method four times in five, every method (GetSystemInfo on connect included) else.
        if (_random.Next(5) == 0)
        {
            _server!.InjectFaultForAllMethods(fault, times);
            Count($"fault: {name} (every method)");
        }
        else
        {
            _server!.InjectFault(Methods[_random.Next(Methods.Length)], fault, times);
            Count($"fault: {name}");
        }
    }

    // The server down for a moment: the proxy in front resets the client's connections to it.
    private void RestartServer()
    {
        if (!_restarting.IsCompleted) return;
        var down = TimeSpan.FromMilliseconds(100 + _random.Next(600));
        var server = _server!;
        Count("server restarts");
        _restarting = Task.Run(async () =>
        {
            await server.StopAsync();
            await Task.Delay(down);
            await server.RestartAsync();
        });
    }

    // An L4 proxy with nothing behind it for a moment: every connection reset, new ones reset at once.
    private void RefuseConnections()
    {
        if (!_refusing.IsCompleted) return;
        var proxy = _proxy!;
        var refusing = TimeSpan.FromMilliseconds(50 + _random.Next(300));
        Count("proxy refusing connections");
        proxy.Mode = LoopbackProxyMode.Reset;
        proxy.ResetConnections();
        _refusing = Task.Run(async () =>
        {
            await Task.Delay(refusing);
            proxy.Mode = LoopbackProxyMode.Forward;
        });
    }
}
