using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Telemetry;

namespace Hourglass.Operations;

/// <summary>What the router gives a query's row to serve it with.</summary>
/// <param name="ReplyTo">The original sender.</param>
/// <param name="Backend">The backend chosen for the sender.</param>
/// <param name="BuiltInBackend">True for the real or mock child (which take <c>OnBehalfOf</c>); false for a test's actor.</param>
/// <param name="Settings">The router's settings.</param>
/// <param name="Polls">The router's history polls (awaits and watches).</param>
/// <param name="Spawn">Starts a query child of the router (status queries); it is counted until it stops.</param>
/// <param name="Counter">The count the query was admitted on (<c>hourglass.max-queries</c>); awaits and watches end on it.</param>
internal sealed record QueryContext(IActorRef ReplyTo, IActorRef Backend, bool BuiltInBackend, HourglassSettings Settings,
    IActorRef Polls, Func<Props, IActorRef> Spawn, Status.QueryCounter Counter)
{
    /// <summary>The kind of <see cref="Backend"/>, for the query's measurements.</summary>
    public BackendKind Kind { get; init; }

    /// <summary>The span the query's span continues; null for none.</summary>
    public SpanParent? Trace { get; init; }
}
