using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Hourglass.Temporal;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>
/// What the mock backend serves with, apart from the actor that serves it: the WorkflowService over
/// its in-memory Temporal (through the payload codec and the trace header, as the real backend's
/// calls go), the context its operations run in, and its worker controls. The mock actor serves
/// with one; so does the router, which serves the senders that have no script itself, without the
/// hop to the mock actor. Each serving actor has its own: <see cref="Dispose"/> makes the calls still
/// running there give up.
/// </summary>
internal sealed class InMemoryBackend : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly HourglassSettings _settings;
    private readonly HourglassInstruments _instruments;
    private readonly ITemporalService _traced;
    private readonly ITemporalService _untraced;

    public InMemoryBackend(MockBackendState state, HourglassSettings settings, HourglassInstruments instruments)
    {
        State = state;
        _settings = settings;
        Codec = settings.DataConverter.PayloadCodec;
        _instruments = instruments;
        var temporal = state.Temporal;
        _untraced = Codec is null ? temporal : new PayloadCodecService(temporal, Codec, sharesAnswers: true);
        // The trace header is set outside the codec, so the codec encodes it with the other payloads.
        _traced = new TraceHeaderService(_untraced, instruments);
        Context = new OperationContext(MockBackendActor.Identity, settings.Real.NamespaceRetention, settings.Real.NamespaceReadyTimeout, _stopping.Token)
        {
            QueryTimeout = settings.Real.QueryTimeout,
            UpdateTimeout = settings.Real.UpdateTimeout,
        };
    }

    /// <summary>The in-memory Temporal and the senders' scripts.</summary>
    public MockBackendState State { get; }

    /// <summary>The payload codec the in-memory Temporal's payloads are encoded with; null for none.</summary>
    public IPayloadCodec? Codec { get; }

    /// <summary>
    /// The WorkflowService operations run against: through the trace header while anyone listens to
    /// Hourglass's spans (only then has an operation a span to carry).
    /// </summary>
    public ITemporalService Service => _instruments.Source.HasListeners() ? _traced : _untraced;

    /// <summary>The context operations run in.</summary>
    public OperationContext Context { get; }

    /// <summary>
    /// Serves a worker control: checks it, encodes its payloads and applies it. Returns the answer
    /// when it is known at once (always, without a codec or with one that encodes in process);
    /// otherwise null, and <paramref name="self"/> is told an <see cref="EncodedControl"/> or a
    /// <see cref="ControlNotEncoded"/> (with <paramref name="replyTo"/> as its sender) to finish it with.
    /// </summary>
    public object? Control(MockControl control, IActorRef self, IActorRef replyTo)
    {
        var validator = new Validator(control.GetType().Name, _settings);
        validator.Handle(control.Handle, nameof(MockControl.Handle));
        control.Validate(ref validator);
        if (validator.Problem is { } problem) return new OperationFailed(control, HourglassError.InvalidArgument(problem));
        var ns = control.Handle.Namespace.Length == 0 ? _settings.DefaultNamespace : control.Handle.Namespace;
        if (Codec is null) return Apply(control, ns);

        // An in-process codec encodes at once; a remote one is piped back, so the mailbox never waits.
        ValueTask<MockControl> encoding;
        try
        {
            encoding = control.EncodedAsync(Codec);
        }
        catch (Exception e)
        {
            return NotEncoded(control, e);
        }
        if (encoding.IsCompletedSuccessfully) return Apply(encoding.Result, ns);
        encoding.AsTask().PipeTo(self, replyTo,
            success: encoded => new EncodedControl(encoded, ns),
            failure: e => new ControlNotEncoded(control, e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e));
        return null;
    }

    /// <summary>Applies a control whose payloads are encoded: <see cref="MockWorkflowUpdated"/>, or the engine's error.</summary>
    public object Apply(MockControl control, string ns)
    {
        try
        {
            var affected = control.ApplyTo(State.Temporal, ns, TemporalRequests.Execution(control.Handle));
            return new MockWorkflowUpdated(new WorkflowHandle(ns, affected.WorkflowId, affected.RunId));
        }
        catch (Exception e)
        {
            return new OperationFailed(control, TemporalErrors.Of(e));
        }
    }

    /// <summary>The answer for a control whose payloads the codec could not encode.</summary>
    public static OperationFailed NotEncoded(MockControl control, Exception cause) =>
        new(control, HourglassError.BackendFailed(
            $"the payload codec failed to encode the payloads of {control.GetType().Name}", $"{cause.GetType().Name}: {cause.Message}"));

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>A control whose payloads the codec encoded, ready to act.</summary>
    internal sealed record EncodedControl(MockControl Control, string Namespace) : INoSerializationVerificationNeeded;

    /// <summary>A control whose payloads the codec could not encode.</summary>
    internal sealed record ControlNotEncoded(MockControl Control, Exception Cause) : INoSerializationVerificationNeeded;
}
