using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hourglass.Health;

/// <summary>
/// Hourglass's liveness and readiness checks for an Akka.Hosting application:
/// <c>services.AddHealthChecks().AddHourglass()</c>. Serve them as the application serves its
/// other checks, e.g. with ASP.NET Core:
/// <c>app.MapHealthChecks("/healthz", new() { Predicate = c =&gt; c.Tags.Contains(HourglassHealthChecks.LiveTag) })</c>
/// and <c>/readyz</c> with <see cref="ReadyTag"/>.
/// </summary>
public static class HourglassHealthChecks
{
    /// <summary>The name of the liveness check.</summary>
    public const string LivenessName = "hourglass-live";

    /// <summary>The name of the readiness check.</summary>
    public const string ReadinessName = "hourglass-ready";

    /// <summary>The tag of the liveness check.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the readiness check.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds <see cref="HourglassLivenessCheck"/> (tagged <see cref="LiveTag"/>) and
    /// <see cref="HourglassReadinessCheck"/> (tagged <see cref="ReadyTag"/>) on the
    /// <see cref="ClientBackendActor"/> that <c>WithHourglass</c> registered, with the settings of
    /// <c>hourglass.health</c>.
    /// </summary>
    public static IHealthChecksBuilder AddHourglass(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new HealthCheckRegistration(LivenessName,
            services => new HourglassLivenessCheck(services.GetRequiredService<ActorSystem>(), Router(services)),
            HealthStatus.Unhealthy, [LiveTag]));
        builder.Add(new HealthCheckRegistration(ReadinessName,
            services => new HourglassReadinessCheck(services.GetRequiredService<ActorSystem>(), Router(services)),
            HealthStatus.Unhealthy, [ReadyTag]));
        return builder;
    }

    private static Func<CancellationToken, Task<IActorRef>> Router(IServiceProvider services)
    {
        var required = services.GetRequiredService<IRequiredActor<ClientBackendActor>>();
        return required.GetAsync;
    }
}
