using Akka;
using Akka.Actor;
using System.Runtime.CompilerServices;
using Akka.Event;
using Hourglass.Backends;
using Hourglass.Backends.Mock;
using Hourglass.Backends.Real;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Operations;
using Hourglass.Routing;

namespace Hourglass;

/// <summary>
/// The one actor Hourglass users talk to. It checks each operation (bad input is answered
/// InvalidArgument before any backend sees it), fills in configured defaults, chooses the backend
/// for the sender — the sender's own override first, then <c>hourglass.client-backend</c> — and
/// forwards the operation, so the backend answers the original sender directly. Status and await
/// queries run in a child per request. As the supervisor of its backends it restarts one that
/// crashes; every request is answered exactly once whatever fails.
/// </summary>
/// <remarks>
/// Children: <c>real</c> and <c>mock</c> (created on first use) and <c>query-N</c> (one per status
/// or await request).
/// </remarks>
public sealed class ClientBackendActor : ReceiveActor
{
    /// <summary>The conventional name, giving the path <c>/user/hourglass</c>.</summary>
    public const string DefaultName = "hourglass";

    private const string RealName = "real";
    private const string MockName = "mock";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HourglassSettings _settings;
    private readonly Props _realProps;
    private readonly Props _mockProps;
    private readonly Dictionary<IActorRef, BackendChoice> _overrides = new();
    private readonly Dictionary<IActorRef, int> _overrideTargets = new();
    private readonly HashSet<IActorRef> _watched = new();
    private readonly HashSet<IActorRef> _queries = new();
    private IActorRef? _real;
    private IActorRef? _mock;
    private long _queryCount;

    // Shutdown: once draining, new operations are refused; the asker hears when the backends are empty.
    private readonly StrongBox<bool> _stopped = new(false);
    private IActorRef? _drainAsker;
    private int _backendsDraining;
    private bool _draining;

    /// <summary>Creates the router; use <see cref="Props"/>.</summary>
    /// <param name="settings">The settings; null reads <c>hourglass</c> from the system's config.</param>
    /// <param name="realProps">Props for the real backend child; null for the default.</param>
    /// <param name="mockProps">Props for the mock backend child; null for the default.</param>
    public ClientBackendActor(HourglassSettings? settings, Props? realProps, Props? mockProps)
    {
        // Without explicit settings the actor reads its system's config here, so a config mistake
        // fails the actor at start with the key named.
        _settings = settings ?? HourglassSettings.Create(Context.System);
        _realProps = realProps ?? RealBackendActor.Props(_settings.Real);
        _mockProps = mockProps ?? MockBackendActor.Props(_settings);

        // The hot path first: the matcher tries handlers in order.
        Receive<IBackendOperation>(HandleBackendOperation);
        Receive<IWorkflowQuery>(HandleQuery);
        Receive<UseBackend>(HandleUseBackend);
        Receive<GetBackend>(_ => Sender.Tell(_overrides.TryGetValue(Sender, out var choice)
            ? new BackendInUse(choice, BackendSource.Override)
            : new BackendInUse(_settings.ClientBackend, BackendSource.Config)));
        Receive<GetHourglassStats>(_ => Sender.Tell(new HourglassStats(_overrides.Count, _watched.Count, _queries.Count)));
        Receive<Terminated>(HandleTerminated);
        Receive<IMockMessage>(HandleMockMessage);
        Receive<Drain>(_ => StartDraining(Sender));
        Receive<BackendDrained>(_ => BackendEmptied());
    }

    /// <summary>Props for the router. With null settings it reads its ActorSystem's config at start.</summary>
    /// <param name="settings">The settings; null reads <c>hourglass</c> from the system's config.</param>
    /// <param name="realBackend">Props for the real backend child; null for <see cref="RealBackendActor"/>.</param>
    /// <param name="mockBackend">Props for the mock backend child; null for a <see cref="MockBackendActor"/> on a fresh in-memory Temporal.</param>
    public static Props Props(HourglassSettings? settings = null, Props? realBackend = null, Props? mockBackend = null) =>
        Akka.Actor.Props.Create(() => new ClientBackendActor(settings, realBackend, mockBackend));

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new BackendSupervisorStrategy();

    /// <inheritdoc />
    protected override void PreStart()
    {
        // When the node shuts down (CoordinatedShutdown: the host stopping, the node leaving the
        // cluster), stop taking operations and let the ones in flight finish before actors stop.
        var self = Self;
        var stopped = _stopped;
        var shutdown = CoordinatedShutdown.Get(Context.System);
        var budget = shutdown.Timeout(DrainPhase) - TimeSpan.FromMilliseconds(200);
        try
        {
            shutdown.AddTask(DrainPhase, $"hourglass-drain-{self.Path.Name}", async () =>
            {
                if (stopped.Value) return Done.Instance;
                try
                {
                    await self.Ask<Drained>(Drain.Instance, budget > TimeSpan.Zero ? budget : TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
                catch (AskTimeoutException)
                {
                    // Whatever is still held is answered BackendFailed when the actors stop.
                }
                return Done.Instance;
            });
        }
        catch (InvalidOperationException)
        {
            // Started while the system is already shutting down: there is nothing to drain into.
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopped.Value = true;
        base.PostStop();
    }

    private const string DrainPhase = "service-requests-done";

    private void StartDraining(IActorRef asker)
    {
        _draining = true;
        _drainAsker = asker;
        _backendsDraining = 0;
        foreach (var name in new[] { RealName, MockName })
        {
            var child = Context.Child(name);
            if (child.IsNobody()) continue;
            _backendsDraining++;
            child.Tell(DrainBackend.Instance);
        }
        if (_backendsDraining == 0) FinishDraining();
    }

    private void BackendEmptied()
    {
        if (--_backendsDraining <= 0) FinishDraining();
    }

    private void FinishDraining()
    {
        _drainAsker?.Tell(Drained.Instance);
        _drainAsker = null;
        _log.Info("Hourglass drained: the backends hold no operation");
    }

    // The backend children, made on first use and watched, so a stopped one is made anew.
    private IActorRef Mock => _mock ??= Context.Watch(Context.ActorOf(_mockProps, MockName));

    private IActorRef Real => _real ??= Context.Watch(Context.ActorOf(_realProps, RealName));

    private void HandleBackendOperation(IBackendOperation operation)
    {
        if (Refused(operation, OperationTable.For(operation)) is not { } ready) return;
        var choice = BackendFor(Sender);
        var backend = choice.Kind switch
        {
            BackendKind.Real => Real,
            BackendKind.Mock => Mock,
            _ => choice.Actor!,
        };
        backend.Forward(ready);
    }

    private void HandleQuery(IWorkflowQuery query)
    {
        var spec = OperationTable.For(query);
        if (Refused(query, spec) is not { } ready) return;
        var choice = BackendFor(Sender);
        var backend = choice.Kind switch
        {
            BackendKind.Real => Real,
            BackendKind.Mock => Mock,
            _ => choice.Actor!,
        };
        var child = Context.ActorOf(
            spec!.QueryProps((IWorkflowQuery)ready, Sender, backend, choice.Kind != BackendKind.Actor, _settings),
            $"{BackendSupervisorStrategy.QueryPrefix}{++_queryCount}");
        _queries.Add(Context.Watch(child));
    }

    // Answers a request the router will not pass on (draining, not an operation, invalid) and returns
    // null; otherwise returns it with its defaults filled in.
    private IHourglassRequest? Refused(IHourglassOperation request, OperationSpec? spec)
    {
        if (_draining)
        {
            Sender.Tell(new OperationFailed(request, HourglassError.BackendFailed(
                "this Hourglass node is shutting down; send the operation to another node")));
            return null;
        }
        if (spec is null)
        {
            Sender.Tell(new OperationFailed(request, OperationTable.NotAnOperation(request)));
            return null;
        }
        if (spec.Problem(request, _settings) is { } problem)
        {
            Sender.Tell(new OperationFailed(request, HourglassError.InvalidArgument(problem)));
            return null;
        }
        return spec.WithDefaults(request, _settings);
    }

    // Mock controls and scripts reach the mock only where overrides are allowed: a production node
    // (allow-overrides = off) refuses them and never creates a mock backend for them.
    private void HandleMockMessage(IMockMessage message)
    {
        if (!_settings.AllowOverrides)
        {
            Sender.Tell(new OperationFailed(message, new HourglassError(ErrorKind.PermissionDenied,
                $"{message.GetType().Name} is for the mock backend, which this node does not offer (hourglass.allow-overrides = off)")));
            return;
        }
        Mock.Forward(message);
    }

    private BackendChoice BackendFor(IActorRef sender) =>
        _overrides.Count != 0 && _overrides.TryGetValue(sender, out var choice) ? choice : _settings.ClientBackendChoice;

    private void HandleUseBackend(UseBackend request)
    {
        var sender = Sender;
        if (!_settings.AllowOverrides)
        {
            sender.Tell(new OperationFailed(request, new HourglassError(ErrorKind.PermissionDenied,
                "backend overrides are switched off here (hourglass.allow-overrides = off)")));
            return;
        }
        if (sender.IsNobody() || sender.Equals(Context.System.DeadLetters))
        {
            sender.Tell(new OperationFailed(request, HourglassError.InvalidArgument("UseBackend needs a sender to override for")));
            return;
        }
        if (request.Backend is { Kind: BackendKind.Actor, Actor: null })
        {
            sender.Tell(new OperationFailed(request, HourglassError.InvalidArgument("an actor backend needs its actor (BackendChoice.Of)")));
            return;
        }

        var previous = RemoveOverride(sender);
        if (request.Backend is { } next)
        {
            _overrides[sender] = next;
            Watch(sender);
            if (next.Actor is { } target)
            {
                _overrideTargets[target] = _overrideTargets.GetValueOrDefault(target) + 1;
                Watch(target);
            }
        }
        ReleaseIfUnused(sender);
        if (previous?.Actor is { } oldTarget) ReleaseIfUnused(oldTarget);
        sender.Tell(new BackendChanged(previous));
    }

    private void HandleTerminated(Terminated terminated)
    {
        var actor = terminated.ActorRef;
        if (_queries.Remove(actor)) return;
        if (actor.Equals(_real))
        {
            _real = null;
            return;
        }
        if (actor.Equals(_mock))
        {
            _mock = null;
            return;
        }

        // The sender of an override is gone: so is its override, and the backend actor it named is
        // released unless another override still names it.
        if (RemoveOverride(actor)?.Actor is { } target) ReleaseIfUnused(target);
        if (_overrideTargets.ContainsKey(actor))
        {
            // The actor that served some senders' operations is gone: they fall back to config.
            foreach (var owner in _overrides.Where(o => actor.Equals(o.Value.Actor)).Select(o => o.Key).ToArray())
            {
                RemoveOverride(owner);
                ReleaseIfUnused(owner);
                _log.Info("Backend actor {0} terminated; {1} returns to the configured backend", actor.Path, owner.Path);
            }
        }
        _watched.Remove(actor);
    }

    private BackendChoice? RemoveOverride(IActorRef owner)
    {
        if (!_overrides.Remove(owner, out var previous)) return null;
        if (previous.Actor is { } target && --_overrideTargets[target] == 0) _overrideTargets.Remove(target);
        return previous;
    }

    private void Watch(IActorRef actor)
    {
        if (_watched.Add(actor)) Context.Watch(actor);
    }

    private void ReleaseIfUnused(IActorRef actor)
    {
        if (_overrides.ContainsKey(actor) || _overrideTargets.ContainsKey(actor)) return;
        if (_watched.Remove(actor)) Context.Unwatch(actor);
    }

    /// <summary>Shutdown asks the router to stop taking operations and drain its backends.</summary>
    private sealed class Drain : INoSerializationVerificationNeeded
    {
        public static readonly Drain Instance = new();
    }

    /// <summary>The router's backends hold nothing any more.</summary>
    private sealed class Drained : INoSerializationVerificationNeeded
    {
        public static readonly Drained Instance = new();
    }
}
