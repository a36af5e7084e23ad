using Akka;
using Akka.Actor;
using Akka.Event;
using Hourglass.Backends;
using Hourglass.Backends.Mock;
using Hourglass.Backends.Real;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Operations;
using Hourglass.Routing;
using Hourglass.Status;
using Hourglass.Telemetry;

namespace Hourglass;

/// <summary>
/// The one actor Hourglass users talk to. It checks each operation (bad input is answered
/// InvalidArgument before any backend sees it), fills in configured defaults, chooses the backend
/// for the sender — the sender's own override first, then <c>hourglass.client-backend</c> — and
/// forwards the operation, so the backend answers the original sender directly; the built-in mock's
/// operations for a sender without a script it serves itself, one actor per request. Status and await
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
    private const string PollsName = "polls";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HourglassSettings _settings;
    private readonly Props _realProps;
    private readonly Props _mockProps;
    private readonly RouterState _state;
    private readonly HashSet<IActorRef> _queries = new();
    private readonly HourglassInstruments _instruments = HourglassInstruments.Get(Context.System);
    // The built-in mock's in-memory Temporal, served here for the senders that have no script (null
    // when the mock child is a test's own), and the operations served so that wait for their answer.
    private readonly InMemoryBackend? _inMemory;
    private readonly OperationLedger _inMemoryHeld;
    // The caller's span, while the request it came with is handled; null for none.
    private SpanParent? _trace;
    private IActorRef? _real;
    private IActorRef? _mock;
    private IActorRef? _polls;
    private bool _restarting;

    // Shutdown: once draining, new operations are refused; the asker hears when the backends are empty.
    private IActorRef? _drainAsker;
    private int _backendsDraining;
    private bool _draining;

    /// <summary>Creates the router; use <see cref="Props"/>.</summary>
    /// <param name="settings">The settings; null reads <c>hourglass</c> from the system's config.</param>
    /// <param name="realProps">Props for the real backend child; null for the default.</param>
    /// <param name="mockProps">Props for the mock backend child; null for the default.</param>
    public ClientBackendActor(HourglassSettings? settings, Props? realProps, Props? mockProps)
        : this(settings, realProps, mockProps, new RouterState())
    {
    }

    private ClientBackendActor(HourglassSettings? settings, Props? realProps, Props? mockProps, RouterState state)
    {
        _state = state;
        // Without explicit settings the actor reads its system's config here, so a config mistake
        // fails the actor at start with the key named.
        _settings = settings ?? HourglassSettings.Create(Context.System);
        // Made once per router lineage: a router made again finds the same connection and the same
        // in-memory Temporal.
        _realProps = realProps ?? (state.RealProps ??= RealBackendActor.Props(_settings.Real, codec: _settings.DataConverter.PayloadCodec));
        _mockProps = mockProps ?? (state.MockProps ??= MockBackendActor.Props(_settings));
        _inMemory = MockBackendActor.ServingAs(_mockProps, _instruments);
        _inMemoryHeld = new OperationLedger(_instruments, BackendKind.Mock);

        // Operations, the hot path, are taken in AroundReceive before the matcher; it tries these in order.
        Receive<BackendFinished>(finished =>
        {
            if (_inMemoryHeld.Answer(finished.Ticket, finished.Reply, Self)) CheckDrained();
        });
        Receive<IWorkflowQuery>(HandleQuery);
        Receive<TracedRequest>(HandleTraced);
        Receive<UseBackend>(HandleUseBackend);
        Receive<GetBackend>(_ => Sender.Tell(_state.Overrides.TryGet(Sender, out var choice)
            ? new BackendInUse(choice, BackendSource.Override)
            : new BackendInUse(_settings.ClientBackend, BackendSource.Config)));
        Receive<GetHourglassStats>(_ => Sender.Tell(new HourglassStats(_state.Overrides.Count, _state.Overrides.Watched, _state.Counter.Count)));
        Receive<Terminated>(HandleTerminated);
        Receive<IMockMessage>(HandleMockMessage);
        Receive<InMemoryBackend.EncodedControl>(encoded => Sender.Tell(_inMemory!.Apply(encoded.Control, encoded.Namespace)));
        Receive<InMemoryBackend.ControlNotEncoded>(failed => Sender.Tell(InMemoryBackend.NotEncoded(failed.Control, failed.Cause)));
        Receive<ReturnedToRouter>(HandleReturned);
        Receive<Health.CheckTemporal>(HandleCheckTemporal);
        Receive<Drain>(_ => StartDraining(Sender));
        Receive<BackendDrained>(_ => BackendEmptied());
    }

    /// <summary>Props for the router. With null settings it reads its ActorSystem's config at start.</summary>
    /// <param name="settings">The settings; null reads <c>hourglass</c> from the system's config.</param>
    /// <param name="realBackend">Props for the real backend child; null for <see cref="RealBackendActor"/>.</param>
    /// <param name="mockBackend">Props for the mock backend child; null for a <see cref="MockBackendActor"/> on a fresh in-memory Temporal.</param>
    /// <remarks>
    /// Every router made from one Props shares its state: a router restarted after a crash, or made
    /// again after it stopped, keeps the senders' overrides, the mock's in-memory Temporal and the
    /// real backend's connection.
    /// </remarks>
    public static Props Props(HourglassSettings? settings = null, Props? realBackend = null, Props? mockBackend = null)
    {
        var state = new RouterState();
        return Akka.Actor.Props.CreateBy(new Producer(() => new ClientBackendActor(settings, realBackend, mockBackend, state)));
    }

    /// <summary>Makes routers that share one <see cref="RouterState"/>.</summary>
    private sealed class Producer(Func<ClientBackendActor> create) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ClientBackendActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new BackendSupervisorStrategy();

    /// <summary>
    /// Every operation comes through here: it is handled at once, without the receive matcher's walk
    /// over the handlers (the matcher serves every other message, as registered in the constructor).
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is IBackendOperation operation)
        {
            HandleBackendOperation(operation);
            return true;
        }
        return base.AroundReceive(receive, message);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        // A router made anew starts with no children, so with no queries in flight; a restarted one keeps its children.
        if (!_restarting) _state.Counter = new QueryCounter();
        _instruments.TrackQueries(_state, _state.Counter);
        _state.Current = Self;
        _state.Stopped = false;
        _state.Overrides.Rewatch(Context);
        AddDrainTask();
    }

    /// <inheritdoc />
    protected override void PreRestart(Exception reason, object message)
    {
        // The request being handled when the router failed is answered: nothing else would. The
        // children stay (the default would stop them), and the new instance finds them again.
        if (message is IHourglassRequest request && !_inMemoryHeld.Holds(request))
            Sender.Tell(new OperationFailed(request, HourglassError.BackendFailed(
                "the Hourglass router failed on this request", $"{reason.GetType().Name}: {reason.Message}")));
        _inMemoryHeld.FailAll("the Hourglass router crashed and was restarted", $"{reason.GetType().Name}: {reason.Message}", Self);
        _inMemory?.Dispose();
        _log.Error(reason, "The Hourglass router failed on {0}; restarting it", message.GetType().Name);
    }

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
        _restarting = true;
        _real = Context.Child(RealName) is { } real && !real.IsNobody() ? real : null;
        _mock = Context.Child(MockName) is { } mock && !mock.IsNobody() ? mock : null;
        _polls = Context.Child(PollsName) is { } polls && !polls.IsNobody() ? polls : null;
        foreach (var child in Context.GetChildren())
        {
            if (child.Path.Name.StartsWith(BackendSupervisorStrategy.QueryPrefix, StringComparison.Ordinal)) _queries.Add(child);
        }
        base.PostRestart(reason);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _state.Stopped = true;
        _inMemoryHeld.FailAll("the Hourglass router stopped before answering", null, Self);
        _inMemory?.Dispose();
        _instruments.ForgetQueries(_state);
        base.PostStop();
    }

    // When the node shuts down (CoordinatedShutdown: the host stopping, the node leaving the
    // cluster), the router stops taking operations and lets the ones in flight finish before actors
    // stop. One task per router lineage: it asks whichever router is current.
    private void AddDrainTask()
    {
        if (_state.DrainTaskAdded) return;
        _state.DrainTaskAdded = true;
        var state = _state;
        var shutdown = CoordinatedShutdown.Get(Context.System);
        var budget = shutdown.Timeout(CoordinatedShutdown.PhaseServiceRequestsDone) - TimeSpan.FromMilliseconds(200);
        try
        {
            shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, $"hourglass-drain-{Self.Path.Name}", async () =>
            {
                if (state.Stopped || state.Current is not { } current) return Done.Instance;
                try
                {
                    await current.Ask<Drained>(Drain.Instance, budget > TimeSpan.Zero ? budget : TimeSpan.FromSeconds(1)).ConfigureAwait(false);
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
        CheckDrained();
    }

    private void BackendEmptied()
    {
        _backendsDraining--;
        CheckDrained();
    }

    // Drained once the backends and the operations served here hold nothing.
    private void CheckDrained()
    {
        if (_drainAsker is null || _backendsDraining > 0 || _inMemoryHeld.Count > 0) return;
        _drainAsker.Tell(Drained.Instance);
        _drainAsker = null;
        _log.Info("Hourglass drained: the backends hold no operation");
    }

    // The backend children, made on first use and watched, so a stopped one is made anew.
    private IActorRef Mock => _mock ??= Context.Watch(Context.ActorOf(_mockProps, MockName));

    private IActorRef Real => _real ??= Context.Watch(Context.ActorOf(_realProps, RealName));

    private IActorRef Polls => _polls ??= Context.Watch(Context.ActorOf(HistoryPolls.Props(_settings), PollsName));

    private void HandleBackendOperation(IBackendOperation operation)
    {
        var spec = OperationTable.For(operation);
        if (Refused(operation, spec) is not { } ready) return;
        var sender = Sender;
        var choice = BackendFor(sender);
        switch (choice.Kind)
        {
            // To the built-in backends in an envelope no other node can send (it has no serializer):
            // they take operations from another node only this way, checked here first.
            case BackendKind.Real:
                Real.Tell(new OnBehalfOf(sender, (IBackendOperation)ready) { Trace = _trace, Spec = spec }, sender);
                break;
            case BackendKind.Mock when _inMemory is not null && !_inMemory.State.Scripted.Contains(sender):
                ServeInMemory(spec!, (IBackendOperation)ready, sender);
                break;
            case BackendKind.Mock:
                Mock.Tell(new OnBehalfOf(sender, (IBackendOperation)ready) { Trace = _trace, Spec = spec }, sender);
                break;
            default:
                // A test's actor gets the operation exactly as a backend would.
                choice.Actor!.Forward(ready);
                break;
        }
    }

    // The mock backend's work done here, as the mock actor would do it, without the hop to it: measured
    // and traced as the mock's, answered at once when the in-memory Temporal answers at once, else held.
    private void ServeInMemory(BackendOperationSpec spec, IBackendOperation request, IActorRef replyTo)
    {
        var measure = _instruments.Begin(spec.Name, BackendKind.Mock, _trace?.Context ?? default);
        var served = false;
        try
        {
            _inMemoryHeld.Execute(spec, request, replyTo, _inMemory!.Service, _inMemory.Context, Self, measure, measured: true);
            served = true;
        }
        finally
        {
            // A crash here is answered BackendFailed by PreRestart.
            if (!served) measure.End(OperationMeasure.Crashed);
            measure.Leave();
        }
    }

    private void HandleQuery(IWorkflowQuery query)
    {
        var spec = OperationTable.For(query);
        if (Refused(query, spec) is not { } ready) return;
        if (spec!.IsCounted && !_state.Counter.TryStart(_settings.MaxQueries))
        {
            RefuseWith(query, spec, new HourglassError(ErrorKind.Overloaded,
                $"{_state.Counter.Count} status, await and watch queries are in flight, the limit of hourglass.max-queries"));
            return;
        }
        var choice = BackendFor(Sender);
        var backend = choice.Kind switch
        {
            BackendKind.Real => Real,
            BackendKind.Mock => Mock,
            _ => choice.Actor!,
        };
        spec.Serve((IWorkflowQuery)ready, new QueryContext(Sender, backend, choice.Kind != BackendKind.Actor, _settings, Polls, SpawnQuery, _state.Counter)
        {
            Kind = choice.Kind,
            Trace = _trace,
        });
    }

    // A request with its caller's trace context: served as if it had come alone, its span under the caller's.
    private void HandleTraced(TracedRequest traced)
    {
        if (traced.Request is null) return;
        _trace = traced.Parent(isRemote: Sender.Path.Address.HasGlobalScope);
        try
        {
            switch (traced.Request)
            {
                case IBackendOperation operation:
                    HandleBackendOperation(operation);
                    break;
                case IWorkflowQuery query:
                    HandleQuery(query);
                    break;
                default:
                    Self.Forward(traced.Request);
                    break;
            }
        }
        finally
        {
            _trace = null;
        }
    }

    // Readiness: the configured backend's Temporal, asked of the real backend; the mock needs none.
    private void HandleCheckTemporal(Health.CheckTemporal check)
    {
        if (_settings.ClientBackend == BackendKind.Mock)
            Sender.Tell(new Health.TemporalChecked(true, "the mock backend serves operations: no Temporal is needed"));
        else
            Real.Forward(check);
    }

    // A message that died in a stopped child's mailbox, handed back by the RouterKeeper: to that child
    // as made again, unchanged (an operation keeps its owner and backend; an await or watch the count it
    // was admitted on), so it is served as if nothing had happened.
    private void HandleReturned(ReturnedToRouter returned)
    {
        var sender = Sender;
        if (_draining)
        {
            var (request, answerTo) = returned.Message switch
            {
                IRouterEnvelope envelope => (envelope.Request, envelope.ReplyTo ?? sender),
                TracedRequest traced => (traced.Request, sender),
                _ => (returned.Message as IHourglassRequest, sender),
            };
            if (request is not null)
                answerTo.Tell(new OperationFailed(request, HourglassError.NodeShuttingDown()));
            return;
        }
        switch (returned.Child, returned.Message)
        {
            case (RealName, var message):
                Real.Tell(message, sender);
                break;
            case (MockName, var message):
                Mock.Tell(message, sender);
                break;
            case (PollsName, HistoryPolls.Enlist enlist):
                Polls.Tell(enlist.BuiltInBackend ? enlist with { Backend = BackendNamed(enlist.Backend) } : enlist, sender);
                break;
            case (PollsName, HistoryPolls.Unwatch unwatch):
                Polls.Tell(unwatch, sender);
                break;
            case (_, IHourglassRequest or TracedRequest):
                // A request sent to some other child (a query): the router serves it.
                Self.Tell(returned.Message, sender);
                break;
            case (_, IRouterEnvelope envelope):
                (envelope.ReplyTo ?? sender).Tell(new OperationFailed(envelope.Request, HourglassError.BackendFailed(
                    "Hourglass could not take the request: the actor it was sent to stopped; send it again")));
                break;
        }
    }

    private IActorRef BackendNamed(IActorRef backend) => backend.Path.Name switch
    {
        RealName => Real,
        MockName => Mock,
        _ => backend,
    };

    private IActorRef SpawnQuery(Props props)
    {
        var child = Context.ActorOf(props, $"{BackendSupervisorStrategy.QueryPrefix}{++_state.QueryCount}");
        _queries.Add(Context.Watch(child));
        return child;
    }

    // Answers a request the router will not pass on (draining, not an operation, invalid) and returns
    // null; otherwise returns it with its defaults filled in.
    private IHourglassRequest? Refused(IHourglassOperation request, OperationSpec? spec)
    {
        if (_draining)
        {
            RefuseWith(request, spec, HourglassError.NodeShuttingDown());
            return null;
        }
        if (spec is null)
        {
            RefuseWith(request, spec, OperationTable.NotAnOperation(request));
            return null;
        }
        if (spec.Problem(request, _settings) is { } problem)
        {
            RefuseWith(request, spec, HourglassError.InvalidArgument(problem));
            return null;
        }
        return spec.WithDefaults(request, _settings);
    }

    // Answers a request the router refuses, counted and traced as an operation of the sender's backend.
    private void RefuseWith(IHourglassOperation request, OperationSpec? spec, HourglassError error)
    {
        _instruments.Refused(spec?.Name ?? request.GetType().Name, BackendFor(Sender).Kind, _trace?.Context ?? default, error);
        Sender.Tell(new OperationFailed(request, error));
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
        if (_inMemory is null)
        {
            Mock.Forward(message);
            return;
        }
        // A sender's script lines, resets, verifications, and all its controls and operations once it has
        // a script, go to the mock actor, in the order sent; the controls of the others are served here,
        // in order with their operations.
        var scripted = _inMemory.State.Scripted;
        switch (message)
        {
            case MockExpectation line when MockBackendActor.ScriptProblem(line) is null:
                scripted.Add(Sender);
                Mock.Forward(message);
                break;
            case ResetMock:
                Mock.Forward(message);
                scripted.Remove(Sender);
                break;
            case MockControl control when !scripted.Contains(Sender):
                if (_inMemory.Control(control, Self, Sender) is { } answer) Sender.Tell(answer);
                break;
            default:
                Mock.Forward(message);
                break;
        }
    }

    private BackendChoice BackendFor(IActorRef sender) =>
        _state.Overrides.TryGet(sender, out var choice) ? choice : _settings.ClientBackendChoice;

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

        sender.Tell(new BackendChanged(_state.Overrides.Set(sender, request.Backend, Context)));
    }

    private void HandleTerminated(Terminated terminated)
    {
        var actor = terminated.ActorRef;
        if (_queries.Remove(actor))
        {
            _state.Counter.Ended();
            return;
        }
        if (actor.Equals(_polls))
        {
            _polls = null;
            return;
        }
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

        _state.Overrides.Terminated(actor, Context, _log);
    }

    /// <summary>What routers made from one Props share (see <see cref="Props"/>).</summary>
    private sealed class RouterState
    {
        public OverrideTable Overrides { get; } = new();
        public QueryCounter Counter = new();
        public Props? RealProps;
        public Props? MockProps;
        public long QueryCount;
        public bool DrainTaskAdded;
        public volatile IActorRef? Current;
        public volatile bool Stopped;
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
