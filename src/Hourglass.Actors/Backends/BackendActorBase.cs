using System.Diagnostics;
using Akka.Actor;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Hourglass.Temporal;

namespace Hourglass.Backends;

/// <summary>
/// What every backend child shares. It takes the backend operations (and nothing else: status,
/// await and watch are the router's), looks each up in the operation table and hands it to
/// <see cref="Serve"/>; it keeps a ledger of the requests it holds, so that whatever happens to
/// it — a crash and restart, a stop — each request is answered exactly once (with BackendFailed
/// when the backend could not finish it).
/// </summary>
/// <remarks>
/// As Akka.Persistence's <c>AsyncWriteJournal</c> does for journals, the base owns the receive;
/// a backend supplies only where an operation runs: its <see cref="ITemporalService"/>.
/// The base also measures every operation from its receipt to its answer (<see cref="HourglassInstruments"/>):
/// counted and timed by outcome, traced as a span that is current while the operation's calls are made.
/// </remarks>
public abstract class BackendActorBase : ReceiveActor
{
    private readonly HourglassInstruments _instruments = HourglassInstruments.Get(Context.System);
    private readonly OperationLedger _ledger;
    private IActorRef? _drainRequester;

    // The operation being served in this turn (set by Accept for the length of Serve) and its measure:
    // whichever answers it — at once, refused, or held — takes the measure over.
    private OperationMeasure _measure;
    private bool _measuring;
    private bool _servingLongPoll;

    /// <summary>Sets up the receives for operations, sent directly or on behalf of a query's owner.</summary>
    protected BackendActorBase()
    {
        _ledger = new OperationLedger(_instruments, Kind);
        Receive<DrainBackend>(_ =>
        {
            _drainRequester = Sender;
            ReportIfDrained();
        });
        Receive<BackendFinished>(finished => Answer(finished.Ticket, finished.Reply));
        Receive<OnBehalfOf>(envelope => Accept(envelope.Operation, envelope.Spec, Sender, envelope.Owner, envelope.Trace?.Context ?? default));
        Receive<IBackendOperation>(operation =>
        {
            // Operations come from the router (in OnBehalfOf) or from this node's own code; one sent
            // straight here from another node would skip the router's checks.
            if (Sender.Path.Address.HasGlobalScope && !Sender.Path.Address.Equals(Self.Path.Address))
            {
                Sender.Tell(new OperationFailed(operation, new HourglassError(ErrorKind.PermissionDenied,
                    $"a backend takes operations from its router only: send {operation.GetType().Name} to {Self.Path.Parent}")), Self);
                return;
            }
            Accept(operation, null, Sender, Sender, default);
        });
    }

    /// <summary>The backend's kind, as the <c>hourglass.backend</c> tag of its measurements names it.</summary>
    protected virtual BackendKind Kind => BackendKind.Actor;

    /// <summary>How many requests this backend holds unanswered.</summary>
    protected int HeldCount => _ledger.Count;

    /// <summary>
    /// Serves one backend operation: answer it now, or <see cref="Execute"/> it. A backend that
    /// answers later itself calls <see cref="Hold"/> first and <see cref="Answer"/> when the reply is known.
    /// </summary>
    /// <param name="operation">The operation's row in the operation table.</param>
    /// <param name="request">The operation, defaults filled in.</param>
    /// <param name="replyTo">Where the reply goes.</param>
    /// <param name="owner">The sender on whose behalf it runs (the script owner for the mock).</param>
    internal abstract void Serve(BackendOperationSpec operation, IBackendOperation request, IActorRef replyTo, IActorRef owner);

    /// <summary>
    /// Runs <paramref name="request"/> against <paramref name="temporal"/>: answered at once when it
    /// completes at once (the in-memory Temporal), else held and answered when the piped result
    /// comes back. The mailbox never waits.
    /// </summary>
    /// <returns>The ticket of the held request, or null when it was answered at once.</returns>
    internal long? Execute(BackendOperationSpec operation, IBackendOperation request, IActorRef replyTo, ITemporalService temporal, OperationContext context)
    {
        // The operation being served takes its measure along: ended if answered at once, kept with it if held.
        var measured = _measuring;
        _measuring = false;
        return _ledger.Execute(operation, request, replyTo, temporal, context, Self, _measure, measured);
    }

    /// <summary>Records a request as held; the ticket answers it later.</summary>
    protected long Hold(IHourglassRequest request, IActorRef replyTo)
    {
        var ticket = OperationLedger.NextTicket();
        _ledger.Hold(ticket, request, replyTo, _measure, _measuring, _servingLongPoll);
        _measuring = false;
        return ticket;
    }

    /// <summary>Answers the operation being served, at once, with an error (a backend's own refusal: overloaded, unscripted).</summary>
    protected void Refuse(IActorRef replyTo, IBackendOperation request, HourglassError error) =>
        Reply(replyTo, new OperationFailed(request, error));

    // Answers the operation being served at once and records its outcome.
    private void Reply(IActorRef replyTo, object reply)
    {
        if (_measuring)
        {
            _measuring = false;
            _measure.End(reply);
        }
        replyTo.Tell(reply, Self);
    }

    /// <summary>
    /// Answers a held request (an <see cref="HourglassError"/> is sent as <see cref="OperationFailed"/>).
    /// Returns false, sending nothing, when it was already answered (for instance by a restart that
    /// failed everything held).
    /// </summary>
    protected bool Answer(long ticket, object reply)
    {
        if (!_ledger.Answer(ticket, reply, Self)) return false;
        Released(ticket);
        ReportIfDrained();
        return true;
    }

    /// <summary>Called when a held request has been answered (a backend that counts kinds of requests forgets it here).</summary>
    protected virtual void Released(long ticket)
    {
    }

    private void ReportIfDrained()
    {
        if (_drainRequester is null || _ledger.Count > 0) return;
        _drainRequester.Tell(BackendDrained.Instance);
        _drainRequester = null;
    }

    /// <inheritdoc />
    protected override void PreRestart(Exception reason, object message)
    {
        // The request being handled when the backend failed is answered too, unless it was held
        // (then it is answered with everything held, below).
        var failing = message is OnBehalfOf envelope ? envelope.Operation : message as IHourglassRequest;
        if (failing is not null && !_ledger.Holds(failing))
            Sender.Tell(new OperationFailed(failing, HourglassError.BackendFailed(
                $"backend '{Self.Path.Name}' failed on this request and was restarted", $"{reason.GetType().Name}: {reason.Message}")), Self);
        FailAllHeld($"backend '{Self.Path.Name}' crashed and was restarted", $"{reason.GetType().Name}: {reason.Message}");
        base.PreRestart(reason, message);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        FailAllHeld($"backend '{Self.Path.Name}' stopped before answering", null);
        base.PostStop();
    }

    private void Accept(IBackendOperation request, BackendOperationSpec? spec, IActorRef replyTo, IActorRef owner, ActivityContext trace)
    {
        if ((spec ?? OperationTable.For(request)) is not { } operation)
        {
            var refusal = OperationTable.NotAnOperation(request);
            _instruments.Refused(request.GetType().Name, Kind, trace, refusal);
            replyTo.Tell(new OperationFailed(request, refusal), Self);
            return;
        }
        _measure = _instruments.Begin(operation.Name, Kind, trace);
        _measuring = true;
        _servingLongPoll = operation.IsLongPoll;
        var completed = false;
        try
        {
            Serve(operation, request, replyTo, owner);
            completed = true;
        }
        finally
        {
            // A backend that answered without the base's help, or crashed (then it is answered BackendFailed).
            if (_measuring) _measure.End(completed ? OperationMeasure.AnsweredElsewhere : OperationMeasure.Crashed);
            _measuring = false;
            _measure.Leave();
            _measure = default;
        }
    }

    private void FailAllHeld(string message, string? detail)
    {
        foreach (var ticket in _ledger.Tickets())
            Answer(ticket, HourglassError.BackendFailed(message, detail));
    }
}
