using Akka.Actor;
using Akka.Event;
using Hourglass.Protocol;

namespace Hourglass.Routing;

/// <summary>
/// Keeps a <see cref="ClientBackendActor"/> at its path whatever happens to it, and makes sure no
/// request dies unanswered in a mailbox:
/// <list type="bullet">
/// <item>When the router stops (a PoisonPill, a Kill, a failed restart) it is made again at the same
/// path from the same Props, so it keeps its settings and its overrides; if that fails for
/// <see cref="RecreateFor"/> the node is shut down, so whatever supervises the process restarts it.</item>
/// <item>A request that reaches dead letters on its way to the router or one of its children (a
/// message left in a stopped actor's mailbox, or sent to the old router's reference) is handed to
/// the router again, with its original sender — it was never served, so this cannot answer it
/// twice. One that was on its way to a child, or wrapped in an <see cref="IRouterEnvelope"/>, goes
/// back whole (<see cref="ReturnedToRouter"/>), and the router sends it to that child made again:
/// the same backend, the same owner, the same count of queries. One that cannot be handed on within
/// a few tries is answered BackendFailed.</item>
/// </list>
/// </summary>
internal sealed class RouterKeeper : ReceiveActor, IWithTimers
{

    /// <summary>How long the keeper tries to make the router again before it shuts the node down.</summary>
    public static readonly TimeSpan RecreateFor = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(10);
    private const int MaxHandOns = 5;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Props _routerProps;
    private readonly string _name;
    private readonly ActorPath _routerPath;
    private readonly Queue<(object Message, IActorRef Sender)> _waiting = new();
    private readonly Dictionary<IHourglassRequest, int> _handOns = new(ReferenceEqualityComparer.Instance);
    private IActorRef? _router;
    private DateTime _lostAt;

    /// <summary>A keeper for the router <see cref="KeptRouter.Start"/> makes next, at <c>/user/{name}</c>.</summary>
    public RouterKeeper(Props routerProps, string name)
    {
        _routerProps = routerProps;
        _name = name;
        _routerPath = Self.Path.Root / "user" / name;

        // Until the router is given, what dies on its way there waits (HandOn queues it).
        Receive<Keep>(k =>
        {
            _router = Context.Watch(k.Router);
            while (_waiting.TryDequeue(out var waiting)) _router.Tell(waiting.Message, waiting.Sender);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_router), _ => RouterLost());
        Receive<Recreate>(_ => TryRecreate());
        Receive<DeadLetter>(d => HandOn(d.Message, d.Sender, d.Recipient));
        Receive<Dropped>(d => HandOn(d.Message, d.Sender, d.Recipient));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));
        Context.System.EventStream.Subscribe(Self, typeof(Dropped));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private bool ShuttingDown => CoordinatedShutdown.Get(Context.System).ShutdownReason is not null;

    private void RouterLost()
    {
        _router = null;
        if (ShuttingDown) return;
        _log.Warning("The Hourglass router at {0} stopped; making it again", _routerPath);
        _lostAt = DateTime.UtcNow;
        TryRecreate();
    }

    private void TryRecreate()
    {
        if (_router is not null || ShuttingDown) return;
        try
        {
            // A top-level actor on purpose: the router must be back at its own path, /user/{name}.
#pragma warning disable AK1008
            _router = Context.Watch(Context.System.ActorOf(_routerProps, _name));
#pragma warning restore AK1008
        }
        catch (InvalidActorNameException)
        {
            // The old router's name is not free yet.
            if (DateTime.UtcNow - _lostAt < RecreateFor)
            {
                Timers.StartSingleTimer(nameof(Recreate), Recreate.Instance, RetryInterval);
                return;
            }
            _log.Error("The Hourglass router at {0} could not be made again within {1}; shutting the node down", _routerPath, RecreateFor);
            CoordinatedShutdown.Get(Context.System).Run(RouterLostReason.Instance);
            return;
        }
        _log.Info("The Hourglass router at {0} is back", _routerPath);
        while (_waiting.TryDequeue(out var waiting)) _router.Tell(waiting.Message, waiting.Sender);
    }

    private void HandOn(object message, IActorRef sender, IActorRef recipient)
    {
        if (ChildOf(recipient.Path) is not { } child) return;
        // Handed back to a router that had stopped by then: hand it on again, as it was.
        if (message is ReturnedToRouter returned) (message, child) = (returned.Message, returned.Child);
        // An envelope is handed back whole, and a traced request keeps its trace; the request inside is
        // what is counted and, if need be, answered.
        var (request, answerTo) = message switch
        {
            IRouterEnvelope envelope => (envelope.Request, envelope.ReplyTo ?? sender),
            Telemetry.TracedRequest traced => (traced.Request, sender),
            IHourglassRequest plain => (plain, sender),
            _ => (null, sender),
        };
        if (request is null || answerTo.IsNobody() || answerTo.Equals(Context.System.DeadLetters)) return;

        var tries = _handOns.GetValueOrDefault(request) + 1;
        if (tries > MaxHandOns || ShuttingDown)
        {
            _handOns.Remove(request);
            // As if from the actor it was sent to: a status query or the history polls take a backend's
            // answers only from that backend's path, and would otherwise wait out their own timeouts.
            answerTo.Tell(new OperationFailed(request, HourglassError.BackendFailed(
                "Hourglass could not take the request: the actor it was sent to stopped; send it again")), recipient);
            return;
        }
        _handOns[request] = tries;
        // To the router itself: the request again. To a child: back through the router, which sends it
        // to that child as made again (the same backend, the same owner).
        var handed = child.Length == 0 && message is IHourglassRequest or Telemetry.TracedRequest ? message : new ReturnedToRouter(message, child);
        if (_router is null) _waiting.Enqueue((handed, sender));
        else _router.Tell(handed, sender);
        // Forget hand-on counts now and then: a served request never comes back.
        if (_handOns.Count > 10_000) _handOns.Clear();
    }

    // Only this node's router and its children: a request to another node's router that went to dead
    // letters here (that node is gone) is not this node's to serve. "" for the router itself, else the
    // name of the child (the actor right under the router) the path is in; null when it is neither.
    private string? ChildOf(ActorPath path)
    {
        if (!path.Address.Equals(_routerPath.Address)) return null;
        var elements = path.Elements;
        var router = _routerPath.Elements;
        if (elements.Count < router.Count) return null;
        for (var i = 0; i < router.Count; i++)
        {
            if (!string.Equals(elements[i], router[i], StringComparison.Ordinal)) return null;
        }
        return elements.Count == router.Count ? "" : elements[router.Count];
    }

    private sealed class Recreate : INoSerializationVerificationNeeded
    {
        public static readonly Recreate Instance = new();
    }

    /// <summary>The router to keep, made just after the keeper.</summary>
    internal sealed record Keep(IActorRef Router) : INoSerializationVerificationNeeded;

    /// <summary>Why the node was shut down: its router could not be made again.</summary>
    internal sealed class RouterLostReason : CoordinatedShutdown.Reason
    {
        public static readonly RouterLostReason Instance = new();

        /// <summary>Non-zero: the process did not stop because it was asked to.</summary>
        public override int ExitCode => 1;
    }
}

/// <summary>Starts a router with its <see cref="RouterKeeper"/>.</summary>
internal static class KeptRouter
{
    /// <summary>Starts a router at <c>/user/{name}</c> with a keeper beside it; returns the router.</summary>
    /// <remarks>
    /// The keeper comes first, subscribed to dead letters here, on the caller's thread, before the
    /// router exists: a request that dies in the router's mailbox the moment it starts (the router
    /// killed at once) is handed on, where a keeper subscribing in its own start, on the thread
    /// pool, could be too late for it.
    /// </remarks>
    public static IActorRef Start(ActorSystem system, Props routerProps, string name)
    {
        StartScheduler(system);
        var keeper = system.ActorOf(Props.Create(() => new RouterKeeper(routerProps, name)).WithDeploy(Deploy.Local), $"{name}-keeper");
        system.EventStream.Subscribe(keeper, typeof(DeadLetter));
        system.EventStream.Subscribe(keeper, typeof(Dropped));
        var router = system.ActorOf(routerProps, name);
        keeper.Tell(new RouterKeeper.Keep(router));
        return router;
    }

    // Akka's scheduler starts its worker on the thread pool the first time anything is scheduled and
    // blocks that caller until the worker runs. Were that first use a burst of actors arming timers at
    // once (status queries, a client's receive timeouts), each on a pool thread, every pool thread
    // could be blocked waiting for a worker queued behind them. Scheduling once here, on the thread
    // that starts Hourglass, starts the worker before any such burst.
    private static void StartScheduler(ActorSystem system) =>
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
}
