using Akka.Actor;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Hourglass.Temporal;

namespace Hourglass.Backends;

/// <summary>
/// The operations an actor serves and the ones it holds for an answer that comes later (a piped
/// result), so that each is answered exactly once: with its outcome, or BackendFailed when the actor
/// fails or stops first. Every backend keeps one; so does the router, for the operations it serves
/// from the in-memory Temporal itself. Touched only by its actor.
/// </summary>
internal sealed class OperationLedger(HourglassInstruments instruments, BackendKind kind)
{
    // Tickets are unique in the process, not per ledger: a result piped to a crashed actor arrives
    // at its successor, whose ledger must not mistake it for one of its own requests.
    private static long s_nextTicket;
    private readonly Dictionary<long, Held> _held = new();

    /// <summary>How many requests are held unanswered.</summary>
    public int Count => _held.Count;

    /// <summary>Whether <paramref name="request"/> (this very instance) is held.</summary>
    public bool Holds(IHourglassRequest request) => _held.Values.Any(h => ReferenceEquals(h.Request, request));

    /// <summary>A ticket no other request of this process has.</summary>
    public static long NextTicket() => Interlocked.Increment(ref s_nextTicket);

    /// <summary>
    /// Starts <paramref name="request"/> against <paramref name="temporal"/> and answers it at once when
    /// its outcome is known at once (the in-memory Temporal), ending <paramref name="measure"/>; else
    /// holds it, the measure going along, until <paramref name="self"/> is told its
    /// <see cref="BackendFinished"/>. The mailbox never waits.
    /// </summary>
    /// <returns>The ticket of the held request, or null when it was answered at once.</returns>
    public long? Execute(BackendOperationSpec operation, IBackendOperation request, IActorRef replyTo, ITemporalService temporal,
        OperationContext context, IActorRef self, in OperationMeasure measure, bool measured)
    {
        var started = operation.Start(request, temporal, context, self);
        if (started.IsPending)
        {
            // Held now: the outcome comes back as a message, so after this one has been handled.
            Hold(started.Ticket, request, replyTo, measure, measured, operation.IsLongPoll);
            return started.Ticket;
        }
        object reply = started.Reply ?? (object)new OperationFailed(request, TemporalErrors.Of(started.Failure!));
        if (measured) measure.End(reply);
        replyTo.Tell(reply, self);
        return null;
    }

    /// <summary>Holds a request under <paramref name="ticket"/>; a measured one counts in flight until answered.</summary>
    public void Hold(long ticket, IHourglassRequest request, IActorRef replyTo, in OperationMeasure measure, bool measured, bool longPoll)
    {
        _held[ticket] = new Held(request, replyTo, measured ? measure : default, measured, longPoll);
        if (measured) instruments.InFlight(kind, longPoll, 1);
    }

    /// <summary>
    /// Answers a held request (an <see cref="HourglassError"/> is sent as <see cref="OperationFailed"/>).
    /// Returns false, sending nothing, when it is not held: already answered, or held by another ledger.
    /// </summary>
    public bool Answer(long ticket, object reply, IActorRef self)
    {
        if (!_held.Remove(ticket, out var held)) return false;
        var answer = reply is HourglassError error ? new OperationFailed(held.Request, error) : reply;
        if (held.Measured)
        {
            instruments.InFlight(kind, held.LongPoll, -1);
            held.Measure.End(answer);
        }
        held.ReplyTo.Tell(answer, self);
        return true;
    }

    /// <summary>The tickets held now (a copy: answering them changes the ledger).</summary>
    public long[] Tickets() => _held.Keys.ToArray();

    /// <summary>Answers everything held BackendFailed.</summary>
    public void FailAll(string message, string? detail, IActorRef self)
    {
        foreach (var ticket in Tickets()) Answer(ticket, HourglassError.BackendFailed(message, detail), self);
    }

    /// <summary>A held request: where its answer goes, and its measure when it is measured.</summary>
    private readonly record struct Held(IHourglassRequest Request, IActorRef ReplyTo, OperationMeasure Measure, bool Measured, bool LongPoll);
}
