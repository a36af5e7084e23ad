using Akka.Actor;
using Akka.Actor.Internal;

namespace Hourglass.Routing;

/// <summary>
/// Restarts a backend child that throws (its held requests are answered BackendFailed by the
/// child itself), without limit; stops a status or await query that throws instead, because a
/// restarted query would start over and answer a second time. A child that cannot even be
/// created is stopped rather than restarted in a loop.
/// </summary>
internal sealed class BackendSupervisorStrategy()
    : OneForOneStrategy(maxNrOfRetries: -1, withinTimeMilliseconds: -1, Akka.Actor.Decider.From(Directive.Restart,
        Akka.Actor.Directive.Stop.When<ActorInitializationException>()))
{
    public const string QueryPrefix = "query-";

    public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause,
        ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
    {
        if (restart && child.Path.Name.StartsWith(QueryPrefix, StringComparison.Ordinal))
        {
            context.Stop(child);
            return;
        }
        base.ProcessFailure(context, restart, child, cause, stats, children);
    }
}
