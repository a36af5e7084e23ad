using Akka.Actor;
using Akka.Cluster.Routing;
using Akka.Routing;

namespace Hourglass.Cluster;

/// <summary>
/// Reaching Hourglass from any node of a cluster: a cluster-aware group router over the
/// <see cref="ClientBackendActor"/>s at <c>/user/hourglass</c> on the nodes with the Hourglass role.
/// Routees come and go with the nodes; an operation whose node went away gets no answer from it,
/// so callers retry on timeout — safe, because operations are idempotent through their request ids.
/// </summary>
public static class HourglassClusterRouter
{
    /// <summary>The role Hourglass nodes carry.</summary>
    public const string DefaultRole = "hourglass";

    /// <summary>The path of the router on each Hourglass node.</summary>
    public const string DefaultPath = "/user/" + ClientBackendActor.DefaultName;

    /// <summary>
    /// Props for a round-robin group router over the Hourglass nodes with <paramref name="role"/>.
    /// Local routees are used when this node has the role too.
    /// </summary>
    /// <remarks>
    /// Overrides (<see cref="Protocol.UseBackend"/>) are per Hourglass node: send them to one node's
    /// router directly, not through this one.
    /// </remarks>
    public static Props Props(string role = DefaultRole, string path = DefaultPath) =>
        new ClusterRouterGroup(
            new RoundRobinGroup([path]),
            new ClusterRouterGroupSettings(
                totalInstances: 10_000,
                routeesPaths: [path],
                allowLocalRoutees: true,
                useRole: role)).Props();
}
