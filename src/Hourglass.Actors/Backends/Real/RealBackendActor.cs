using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Hourglass.Temporal;
using Temporalio.Converters;

namespace Hourglass.Backends.Real;

/// <summary>
/// The backend on a Temporal server, through the Temporalio client's raw WorkflowService RPCs on
/// one shared connection (<see cref="TemporalRpcService"/>). Each operation runs as a task piped
/// back to the actor, so the mailbox never waits on the network and many operations are in flight
/// at once, up to <c>hourglass.real.max-in-flight</c>; beyond it an operation answers Overloaded at once.
/// With a payload codec, every payload is encoded on its way to Temporal and decoded on its way
/// back (<see cref="PayloadCodecService"/>).
/// </summary>
public sealed partial class RealBackendActor : BackendActorBase
{
    private readonly RealBackendSettings _settings;
    private readonly TemporalConnector _connector;
    private readonly ITemporalService _temporal;
    private readonly CancellationTokenSource _stopping = new();
    private readonly OperationContext _context;
    private readonly HashSet<long> _longPolls = new();

    /// <summary>Creates the backend; use <see cref="Props"/>.</summary>
    /// <param name="settings">The real backend's settings.</param>
    /// <param name="connector">The connection to share.</param>
    /// <param name="codec">The payload codec applied to every request and answer; null for none.</param>
    public RealBackendActor(RealBackendSettings settings, TemporalConnector connector, IPayloadCodec? codec = null)
    {
        _settings = settings;
        _connector = connector;
        var instruments = HourglassInstruments.Get(Context.System);
        var rpc = new TemporalRpcService(connector, settings, instruments);
        // The trace header is set outside the codec, so the codec encodes it with the other payloads.
        _temporal = new TraceHeaderService(codec is null ? rpc : new PayloadCodecService(rpc, codec, sharesAnswers: false), instruments);
        instruments.TrackConnection(connector, settings.TargetHost);
        _context = new OperationContext(settings.Identity, settings.NamespaceRetention, settings.NamespaceReadyTimeout, _stopping.Token)
        {
            QueryTimeout = settings.QueryTimeout,
            UpdateTimeout = settings.UpdateTimeout,
        };
        Receive<Health.CheckTemporal>(HandleCheck);
        Receive<Health.TemporalChecked>(HandleChecked);
    }

    /// <summary>
    /// Props for a real backend. The connector (and with it the connection) is made here, outside
    /// the actor, so it outlives restarts; pass one to share a connection between backends.
    /// </summary>
    /// <param name="settings">The real backend's settings.</param>
    /// <param name="connector">The connection to share; null for a new one.</param>
    /// <param name="codec">The payload codec (<c>hourglass.payload</c>); null for none.</param>
    public static Props Props(RealBackendSettings settings, TemporalConnector? connector = null, IPayloadCodec? codec = null)
    {
        var shared = connector ?? new TemporalConnector(settings);
        return Akka.Actor.Props.Create(() => new RealBackendActor(settings, shared, codec)).WithDeploy(Deploy.Local);
    }

    internal override void Serve(BackendOperationSpec operation, IBackendOperation request, IActorRef replyTo, IActorRef owner)
    {
        if (operation.IsLongPoll)
        {
            if (_longPolls.Count >= _settings.MaxLongPolls)
            {
                Refuse(replyTo, request, new HourglassError(ErrorKind.Overloaded,
                    $"{_longPolls.Count} history long polls are in flight, the limit of hourglass.real.max-long-polls"));
                return;
            }
            if (Execute(operation, request, replyTo, _temporal, _context) is { } ticket) _longPolls.Add(ticket);
            return;
        }
        var shortCalls = HeldCount - _longPolls.Count;
        if (shortCalls >= _settings.MaxInFlight)
        {
            Refuse(replyTo, request, new HourglassError(ErrorKind.Overloaded,
                $"{shortCalls} operations are in flight, the limit of hourglass.real.max-in-flight"));
            return;
        }
        Execute(operation, request, replyTo, _temporal, _context);
    }

    /// <inheritdoc />
    protected override BackendKind Kind => BackendKind.Real;

    /// <inheritdoc />
    protected override void Released(long ticket) => _longPolls.Remove(ticket);

    /// <inheritdoc />
    protected override void PostStop()
    {
        // Calls still running have been (or are now) answered BackendFailed; stop their work.
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }
}
