using Akka.Actor;
using Hourglass.Protocol;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hourglass.Health;

/// <summary>
/// Liveness: the ActorSystem runs and the <see cref="ClientBackendActor"/> answers (a
/// <see cref="GetHourglassStats"/> within <see cref="HealthSettings.RouterTimeout"/>). A node that
/// fails it will not recover by itself; restart it.
/// </summary>
public sealed class HourglassLivenessCheck : IHealthCheck
{
    private readonly ActorSystem _system;
    private readonly Func<CancellationToken, Task<IActorRef>> _router;
    private readonly HealthSettings _settings;

    /// <summary>A check of <paramref name="router"/> in <paramref name="system"/>.</summary>
    /// <param name="system">The ActorSystem the router lives in.</param>
    /// <param name="router">The router, or how to get it once the system has started it (Akka.Hosting's <c>IRequiredActor</c>).</param>
    /// <param name="settings">The settings; null reads <c>hourglass.health</c> from the system's config.</param>
    public HourglassLivenessCheck(ActorSystem system, Func<CancellationToken, Task<IActorRef>> router, HealthSettings? settings = null)
    {
        _system = system ?? throw new ArgumentNullException(nameof(system));
        _router = router ?? throw new ArgumentNullException(nameof(router));
        _settings = settings ?? HealthSettings.Create(system.Settings.Config);
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_system.WhenTerminated.IsCompleted) return HealthCheckResult.Unhealthy($"the ActorSystem {_system.Name} has terminated");
        try
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            patience.CancelAfter(_settings.RouterTimeout);
            var router = await _router(patience.Token).ConfigureAwait(false);
            var stats = await router.Ask<HourglassStats>(GetHourglassStats.Instance, _settings.RouterTimeout, patience.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"the Hourglass router at {router.Path} answers", new Dictionary<string, object>
            {
                ["activeQueries"] = stats.ActiveQueries,
                ["overrides"] = stats.Overrides,
            });
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the Hourglass router did not answer within {_settings.RouterTimeout.TotalSeconds}s");
        }
    }
}
