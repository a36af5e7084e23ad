using Akka.Actor;
using Akka.Cluster;
using Hourglass.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hourglass.Health;

/// <summary>
/// Readiness: the node is an Up member of its cluster (when it runs Akka.Cluster), and the Temporal
/// its configured backend needs answers — on the real backend, Temporal answered a call within
/// <see cref="HealthSettings.TemporalFreshFor"/> and none has failed to reach it since, or else it
/// answers a probe (DescribeNamespace of the default namespace) within
/// <see cref="HealthSettings.ProbeTimeout"/>. So a stopped Temporal makes the node not ready at the
/// next check after a call fails to reach it, at the latest once the fresh window has passed plus
/// the probe timeout; the first check after Temporal is back makes it ready again. On the mock
/// backend the node is ready once it is Up.
/// </summary>
public sealed class HourglassReadinessCheck : IHealthCheck
{
    private readonly ActorSystem _system;
    private readonly Func<CancellationToken, Task<IActorRef>> _router;
    private readonly HealthSettings _settings;
    private readonly string _namespace;

    /// <summary>A check of <paramref name="router"/> in <paramref name="system"/>.</summary>
    /// <param name="system">The ActorSystem the router lives in.</param>
    /// <param name="router">The router, or how to get it once the system has started it (Akka.Hosting's <c>IRequiredActor</c>).</param>
    /// <param name="settings">The settings; null reads <c>hourglass.health</c> from the system's config.</param>
    public HourglassReadinessCheck(ActorSystem system, Func<CancellationToken, Task<IActorRef>> router, HealthSettings? settings = null)
    {
        _system = system ?? throw new ArgumentNullException(nameof(system));
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _settings = settings ?? HealthSettings.Create(system.Settings.Config);
        _namespace = HourglassSettings.Create(system.Settings.Config).DefaultNamespace;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_system.WhenTerminated.IsCompleted) return HealthCheckResult.Unhealthy($"the ActorSystem {_system.Name} has terminated");
        string member = "not a cluster member";
        if (_system is ExtendedActorSystem { Provider: IClusterActorRefProvider })
        {
            var self = Akka.Cluster.Cluster.Get(_system).SelfMember;
            if (self.Status != MemberStatus.Up)
                return HealthCheckResult.Unhealthy($"the cluster member {self.Address} is {self.Status}, not Up");
            member = $"the cluster member {self.Address} is Up";
        }

        var patience = _settings.ProbeTimeout + _settings.RouterTimeout;
        TemporalChecked temporal;
        try
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            waiting.CancelAfter(patience);
            var router = await _router(waiting.Token).ConfigureAwait(false);
            temporal = await router.Ask<TemporalChecked>(new CheckTemporal(_settings.TemporalFreshFor, _settings.ProbeTimeout, _namespace),
                patience, waiting.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{member}, but the Hourglass router did not answer within {patience.TotalSeconds}s");
        }
        return temporal.Reachable
            ? HealthCheckResult.Healthy($"{member}; {temporal.Description}")
            : HealthCheckResult.Unhealthy($"{member}, but {temporal.Description}");
    }
}
