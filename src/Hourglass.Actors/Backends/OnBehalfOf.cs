using Hourglass.Telemetry;
using Akka.Actor;
using Hourglass.Operations;
using Hourglass.Protocol;

namespace Hourglass.Backends;

/// <summary>
/// An operation a status or await query sends to a backend for the sender that asked, so the
/// mock's scripts (which belong to that sender) answer it. The reply goes to the query.
/// </summary>
/// <param name="Owner">The original sender of the status or await request.</param>
/// <param name="Operation">The backend operation.</param>
internal sealed record OnBehalfOf(IActorRef Owner, IBackendOperation Operation) : Routing.IRouterEnvelope, INoSerializationVerificationNeeded
{
    /// <summary>The span the operation's own span continues (a query's, or the caller's); null for none.</summary>
    public SpanParent? Trace { get; init; }

    /// <summary>The operation's row, when the sender has looked it up already (the router); null to look it up.</summary>
    public BackendOperationSpec? Spec { get; init; }

    IHourglassRequest Routing.IRouterEnvelope.Request => Operation;

    // The reply goes to the envelope's sender (the original sender, or the query that sent it).
    IActorRef? Routing.IRouterEnvelope.ReplyTo => null;
}
