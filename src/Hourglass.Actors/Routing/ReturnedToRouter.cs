using Akka.Actor;

namespace Hourglass.Routing;

/// <summary>
/// A message that died in the mailbox of the router's child <paramref name="Child"/> (a request, or
/// an <see cref="IRouterEnvelope"/>), handed back to the router by the <see cref="RouterKeeper"/> with
/// its original sender. It was never served, so serving it now cannot answer it twice.
/// </summary>
/// <param name="Message">The message as it was sent.</param>
/// <param name="Child">The name of the child it was sent to (<c>real</c>, <c>mock</c>, <c>polls</c>, <c>query-N</c>).</param>
internal sealed record ReturnedToRouter(object Message, string Child) : INoSerializationVerificationNeeded;
