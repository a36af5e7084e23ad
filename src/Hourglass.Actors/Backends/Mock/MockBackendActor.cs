using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Operations;
using Hourglass.Telemetry;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

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

    private readonly InMemoryTemporal _temporal;
    private readonly ITemporalService _service;
    private readonly IPayloadCodec? _codec;
    private readonly MockScripts _scripts;
    private readonly HourglassSettings _settings;
    private readonly CancellationTokenSource _stopping = new();
    private readonly OperationContext _context;

    /// <summary>Creates the mock backend; use <see cref="Props"/>.</summary>
    public MockBackendActor(MockBackendState state, HourglassSettings settings)
    {
        _temporal = state.Temporal;
        _scripts = state.Scripts;
        _settings = settings;
        _codec = settings.DataConverter.PayloadCodec;
        // The trace header is set outside the codec, so the codec encodes it with the other payloads.
        _service = new TraceHeaderService(_codec is null ? _temporal : new PayloadCodecService(_temporal, _codec, sharesAnswers: true),
            HourglassInstruments.Get(Context.System));
        _context = new OperationContext(Identity, settings.Real.NamespaceRetention, settings.Real.NamespaceReadyTimeout, _stopping.Token)
        {
            QueryTimeout = settings.Real.QueryTimeout,
            UpdateTimeout = settings.Real.UpdateTimeout,
        };

        Receive<MockExpectation>(HandleScript);
        Receive<VerifyMock>(_ => Sender.Tell(_scripts.Verify(Sender)));
        Receive<ResetMock>(_ => Reset(Sender));
        Receive<MockControl>(HandleControl);
        Receive<EncodedControl>(encoded => Apply(encoded.Control, encoded.Namespace, Sender));
        Receive<ControlNotEncoded>(failed => NotEncoded(failed.Control, failed.Cause, Sender));
        Receive<Terminated>(t => _scripts.Forget(t.ActorRef));
    }

    /// <summary>
    /// Props for a mock backend over <paramref name="temporal"/>. The Temporal and the scripts live
    /// outside the actor, so they survive its restarts.
    /// </summary>
    public static Props Props(HourglassSettings settings, InMemoryTemporal? temporal = null)
    {
        var state = new MockBackendState(temporal ?? new InMemoryTemporal(settings.MockNamespaces, searchAttributes: settings.MockSearchAttributes));
        return Akka.Actor.Props.Create(() => new MockBackendActor(state, settings)).WithDeploy(Deploy.Local);
    }

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
        Execute(operation, request, replyTo, _service, _context);
    }

    /// <inheritdoc />
    protected override BackendKind Kind => BackendKind.Mock;

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
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
        if (line.OperationType is null || !OperationTable.BackendOperations.Any(o => o.RequestType == line.OperationType))
        {
            Sender.Tell(new OperationFailed(line, HourglassError.InvalidArgument(
                $"{line.OperationType?.Name ?? "null"} cannot be scripted; script the backend operations " +
                "(status and await are built on DescribeWorkflow and FetchHistory)")));
            return;
        }
        if (_scripts.Add(Sender, line)) Context.Watch(Sender);
        Sender.Tell(new MockScriptAccepted(line.ToString()));
    }

    private void Reset(IActorRef owner)
    {
        if (_scripts.Forget(owner)) Context.Unwatch(owner);
        owner.Tell(new MockScriptAccepted("reset"));
    }

    private void HandleControl(MockControl control)
    {
        var validator = new Validator(control.GetType().Name, _settings);
        validator.Handle(control.Handle, nameof(MockControl.Handle));
        control.Validate(ref validator);
        if (validator.Problem is { } problem)
        {
            Sender.Tell(new OperationFailed(control, HourglassError.InvalidArgument(problem)));
            return;
        }
        var ns = control.Handle.Namespace.Length == 0 ? _settings.DefaultNamespace : control.Handle.Namespace;
        if (_codec is null)
        {
            Apply(control, ns, Sender);
            return;
        }

        // An in-process codec encodes at once; a remote one is piped back, so the mailbox never waits.
        ValueTask<MockControl> encoding;
        try
        {
            encoding = control.EncodedAsync(_codec);
        }
        catch (Exception e)
        {
            NotEncoded(control, e, Sender);
            return;
        }
        if (encoding.IsCompletedSuccessfully)
        {
            Apply(encoding.Result, ns, Sender);
            return;
        }
        encoding.AsTask().PipeTo(Self, Sender,
            success: encoded => new EncodedControl(encoded, ns),
            failure: e => new ControlNotEncoded(control, e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e));
    }

    private void Apply(MockControl control, string ns, IActorRef replyTo)
    {
        try
        {
            var affected = control.ApplyTo(_temporal, ns, TemporalRequests.Execution(control.Handle));
            replyTo.Tell(new MockWorkflowUpdated(new WorkflowHandle(ns, affected.WorkflowId, affected.RunId)));
        }
        catch (Exception e)
        {
            replyTo.Tell(new OperationFailed(control, TemporalErrors.Of(e)));
        }
    }

    private static void NotEncoded(MockControl control, Exception cause, IActorRef replyTo) =>
        replyTo.Tell(new OperationFailed(control, HourglassError.BackendFailed(
            $"the payload codec failed to encode the payloads of {control.GetType().Name}", $"{cause.GetType().Name}: {cause.Message}")));

    /// <summary>A control whose payloads the codec encoded, ready to act.</summary>
    private sealed record EncodedControl(MockControl Control, string Namespace) : INoSerializationVerificationNeeded;

    /// <summary>A control whose payloads the codec could not encode.</summary>
    private sealed record ControlNotEncoded(MockControl Control, Exception Cause) : INoSerializationVerificationNeeded;
}
