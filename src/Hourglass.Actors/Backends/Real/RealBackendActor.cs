using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;

namespace Hourglass.Backends.Real;

/// <summary>
/// The backend on a Temporal server, through the Temporalio client's raw WorkflowService RPCs on
/// one shared connection. Each operation runs as a task piped back to the actor, so the mailbox
/// never waits on the network and many operations are in flight at once, up to
/// <c>hourglass.real.max-in-flight</c>; beyond it an operation answers Overloaded at once.
/// </summary>
public sealed class RealBackendActor : BackendActorBase
{
    private readonly RealBackendSettings _settings;
    private readonly TemporalCalls _calls;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Creates the backend; use <see cref="Props"/>.</summary>
    public RealBackendActor(RealBackendSettings settings, TemporalConnector connector)
    {
        _settings = settings;
        _calls = new TemporalCalls(connector, settings);
        Receive<Finished>(finished => Answer(finished.Ticket, finished.Reply));
    }

    /// <summary>
    /// Props for a real backend. The connector (and with it the connection) is made here, outside
    /// the actor, so it outlives restarts; pass one to share a connection between backends.
    /// </summary>
    public static Props Props(RealBackendSettings settings, TemporalConnector? connector = null)
    {
        var shared = connector ?? new TemporalConnector(settings);
        return Akka.Actor.Props.Create(() => new RealBackendActor(settings, shared));
    }

    /// <inheritdoc />
    protected override void Serve(IHourglassOperation operation, IActorRef replyTo, IActorRef owner)
    {
        if (HeldCount >= _settings.MaxInFlight)
        {
            replyTo.Tell(new OperationFailed(operation, new HourglassError(ErrorKind.Overloaded,
                $"{HeldCount} operations are in flight, the limit of hourglass.real.max-in-flight")));
            return;
        }

        var ticket = Hold(operation, replyTo);
        _calls.RunAsync(operation, _stopping.Token).PipeTo(Self,
            success: reply => new Finished(ticket, reply),
            failure: e => new Finished(ticket, HourglassError.BackendFailed("the Temporal call failed unexpectedly", e.Message)));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        // Calls still running have been (or are now) answered BackendFailed; stop their work.
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    /// <summary>A piped call's outcome for the request behind <paramref name="Ticket"/>.</summary>
    private sealed record Finished(long Ticket, object Reply) : INoSerializationVerificationNeeded;
}
