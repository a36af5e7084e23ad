using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Operations;
using Hourglass.Telemetry;
using Hourglass.Temporal;
using System.Runtime.CompilerServices;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The in-process backend. By default it serves operations from an <see cref="InMemoryTemporal"/>
/// through the same WorkflowService requests the real backend sends; a sender that has scripted it
/// (<see cref="MockScript"/>) gets its scripted answers instead, and UnexpectedCall for anything
/// its script does not cover. With a payload codec (<c>hourglass.payload</c>) the in-memory Temporal
/// holds encoded payloads, as a server does: operations go through <see cref="PayloadCodecService"/>,
/// and the controls that play the worker encode their payloads as a worker with the codec would.
/// </summary>
public sealed class MockBackendActor : BackendActorBase
{
    /// <summary>The identity the mock records on the requests it makes.</summary>
    public const string Identity = "hourglass-mock";

    // The Props MockBackendActor.Props made, with what their actors serve from: the router recognises
    // them and serves the senders that have no script from the same state itself.
    private static readonly ConditionalWeakTable<Props, Registration> s_builtIn = new();

    private readonly MockBackendState _state;
    private readonly MockScripts _scripts;
    private readonly InMemoryBackend _backend;

    /// <summary>Creates the mock backend; use <see cref="Props"/>.</summary>
    public MockBackendActor(MockBackendState state, HourglassSettings settings)
    {
        _state = state;
        _scripts = state.Scripts;
        _backend = new InMemoryBackend(state, settings, HourglassInstruments.Get(Context.System));

        Receive<MockExpectation>(HandleScript);
        Receive<VerifyMock>(_ => Sender.Tell(_scripts.Verify(Sender)));
        Receive<ResetMock>(_ => Reset(Sender));
        Receive<MockControl>(control =>
        {
            if (_backend.Control(control, Self, Sender) is { } answer) Sender.Tell(answer);
        });
        Receive<InMemoryBackend.EncodedControl>(encoded => Sender.Tell(_backend.Apply(encoded.Control, encoded.Namespace)));
        Receive<InMemoryBackend.ControlNotEncoded>(failed => Sender.Tell(InMemoryBackend.NotEncoded(failed.Control, failed.Cause)));
        Receive<Terminated>(t =>
        {
            _scripts.Forget(t.ActorRef);
            _state.Scripted.Remove(t.ActorRef);
        });
    }

    /// <summary>
    /// Props for a mock backend over <paramref name="temporal"/>. The Temporal and the scripts live
    /// outside the actor, so they survive its restarts.
    /// </summary>
    public static Props Props(HourglassSettings settings, InMemoryTemporal? temporal = null)
    {
        var state = new MockBackendState(temporal ?? new InMemoryTemporal(settings.MockNamespaces, searchAttributes: settings.MockSearchAttributes));
        var props = Akka.Actor.Props.Create(() => new MockBackendActor(state, settings)).WithDeploy(Deploy.Local);
        s_builtIn.AddOrUpdate(props, new Registration(state, settings));
        return props;
    }

    /// <summary>
    /// What an actor needs to serve as the mock backend of <paramref name="props"/> would, when
    /// <see cref="Props"/> made them (null for any other Props: a test's own mock, or these changed).
    /// </summary>
    internal static InMemoryBackend? ServingAs(Props props, HourglassInstruments instruments) =>
        s_builtIn.TryGetValue(props, out var registration) ? new InMemoryBackend(registration.State, registration.Settings, instruments) : null;

    internal override void Serve(BackendOperationSpec operation, IBackendOperation request, IActorRef replyTo, IActorRef owner)
    {
        if (_scripts.IsScripted(owner))
        {
            var covered = _scripts.Take(owner, request);
            if (covered is null)
            {
                Refuse(replyTo, request, new HourglassError(ErrorKind.UnexpectedCall,
                    $"no expectation or stub covers {operation.Name} for {owner.Path}", request.ToString()));
                return;
            }
            if (covered.Responder is { } responder)
            {
                // A responder that throws crashes this actor on purpose: supervision restarts it and
                // the held request is answered BackendFailed.
                var ticket = Hold(request, replyTo);
                Answer(ticket, Checked(operation, responder(request)));
                return;
            }
        }
        Execute(operation, request, replyTo, _backend.Service, _backend.Context);
    }

    /// <inheritdoc />
    protected override BackendKind Kind => BackendKind.Mock;

    /// <inheritdoc />
    protected override void PostStop()
    {
        _backend.Dispose();
        base.PostStop();
    }

    // A responder answers with the operation's own reply or an error; anything else is the script's mistake.
    private static object Checked(BackendOperationSpec operation, object? answer) =>
        answer is HourglassError || (answer is not null && operation.ReplyType.IsInstanceOfType(answer))
            ? answer
            : HourglassError.BackendFailed(
                $"the script for {operation.Name} answered {answer?.GetType().Name ?? "null"}; a responder returns a {operation.ReplyType.Name} or an HourglassError");

    private void HandleScript(MockExpectation line)
    {
        if (ScriptProblem(line) is { } problem)
        {
            Sender.Tell(new OperationFailed(line, problem));
            return;
        }
        if (_scripts.Add(Sender, line)) Context.Watch(Sender);
        Sender.Tell(new MockScriptAccepted(line.ToString()));
    }

    /// <summary>Why <paramref name="line"/> cannot be scripted; null when it can.</summary>
    internal static HourglassError? ScriptProblem(MockExpectation line) =>
        line.OperationType is null || !OperationTable.BackendOperations.Any(o => o.RequestType == line.OperationType)
            ? HourglassError.InvalidArgument($"{line.OperationType?.Name ?? "null"} cannot be scripted; script the backend operations " +
                "(status and await are built on DescribeWorkflow and FetchHistory)")
            : null;

    private void Reset(IActorRef owner)
    {
        if (_scripts.Forget(owner)) Context.Unwatch(owner);
        owner.Tell(new MockScriptAccepted("reset"));
    }

    private sealed record Registration(MockBackendState State, HourglassSettings Settings);
}
