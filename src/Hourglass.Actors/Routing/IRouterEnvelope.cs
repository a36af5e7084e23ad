using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Routing;

/// <summary>
/// A message the router (or one of its children) sends a child of the router, wrapping a request:
/// an operation run on behalf of a sender (<see cref="Backends.OnBehalfOf"/>), an await or watch to
/// serve. When it dies in a stopped child's mailbox, the <see cref="RouterKeeper"/> hands it back to
/// the router whole (<see cref="ReturnedToRouter"/>), so it reaches the child made again with its
/// owner and backend unchanged; if it cannot, <see cref="ReplyTo"/> is answered BackendFailed.
/// </summary>
internal interface IRouterEnvelope
{
    /// <summary>The request inside, answered exactly once whatever happens to the envelope.</summary>
    IHourglassRequest Request { get; }

    /// <summary>Who gets the request's answer; null for the envelope's sender.</summary>
    IActorRef? ReplyTo { get; }
}
