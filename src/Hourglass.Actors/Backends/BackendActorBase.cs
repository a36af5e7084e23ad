using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Backends;

/// <summary>
/// What every backend child shares: it serves the six backend operations and keeps a ledger of
/// the requests it holds, so that whatever happens to it — a crash and restart, a stop — each
/// request is answered exactly once (with BackendFailed when the backend could not finish it).
/// </summary>
public abstract class BackendActorBase : ReceiveActor
{
    // Tickets are unique in the process, not per instance: a result piped to a crashed instance
    // arrives at its successor, which must not mistake it for one of its own requests.
    private static long s_nextTicket;
    private readonly Dictionary<long, (IHourglassRequest Request, IActorRef ReplyTo)> _held = new();
    private IActorRef? _drainRequester;

    /// <summary>Sets up the receives for operations, sent directly or on behalf of a query's owner.</summary>
    protected BackendActorBase()
    {
        Receive<DrainBackend>(_ =>
        {
            _drainRequester = Sender;
            ReportIfDrained();
        });
        Receive<OnBehalfOf>(envelope => Accept(envelope.Operation, Sender, envelope.Owner));
        Receive<IHourglassOperation>(operation => Accept(operation, Sender, Sender));
    }

    /// <summary>How many requests this backend holds unanswered.</summary>
    protected int HeldCount => _held.Count;

    /// <summary>
    /// Serves one backend operation. Call <see cref="Hold"/> first and <see cref="Answer"/> when
    /// the reply is known (now, or later from a piped result).
    /// </summary>
    /// <param name="operation">The operation, defaults filled in.</param>
    /// <param name="replyTo">Where the reply goes.</param>
    /// <param name="owner">The sender on whose behalf it runs (the script owner for the mock).</param>
    protected abstract void Serve(IHourglassOperation operation, IActorRef replyTo, IActorRef owner);

    /// <summary>Records a request as held; the ticket answers it later.</summary>
    protected long Hold(IHourglassRequest request, IActorRef replyTo)
    {
        var ticket = Interlocked.Increment(ref s_nextTicket);
        _held[ticket] = (request, replyTo);
        return ticket;
    }

    /// <summary>
    /// Answers a held request. Returns false, sending nothing, when it was already answered (for
    /// instance by a restart that failed everything held).
    /// </summary>
    protected bool Answer(long ticket, object reply)
    {
        if (!_held.Remove(ticket, out var held)) return false;
        held.ReplyTo.Tell(reply is HourglassError error ? new OperationFailed(held.Request, error) : reply, Self);
        ReportIfDrained();
        return true;
    }

    private void ReportIfDrained()
    {
        if (_drainRequester is null || _held.Count > 0) return;
        _drainRequester.Tell(BackendDrained.Instance);
        _drainRequester = null;
    }

    /// <inheritdoc />
    protected override void PreRestart(Exception reason, object message)
    {
        FailAllHeld($"backend '{Self.Path.Name}' crashed and was restarted", $"{reason.GetType().Name}: {reason.Message}");
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        FailAllHeld($"backend '{Self.Path.Name}' stopped before answering", null);
        base.PostStop();
    }

    private void Accept(IHourglassOperation operation, IActorRef replyTo, IActorRef owner)
    {
        if (operation is GetWorkflowStatus or AwaitWorkflow)
        {
            replyTo.Tell(new OperationFailed(operation, HourglassError.BackendFailed(
                $"{operation.GetType().Name} is served by the ClientBackendActor, not by a backend")), Self);
            return;
        }
        Serve(operation, replyTo, owner);
    }

    private void FailAllHeld(string message, string? detail)
    {
        foreach (var ticket in _held.Keys.ToArray())
            Answer(ticket, HourglassError.BackendFailed(message, detail));
    }
}
