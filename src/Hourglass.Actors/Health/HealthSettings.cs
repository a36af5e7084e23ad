using Akka.Configuration;
using Hourglass.Configuration;

namespace Hourglass.Health;

/// <summary>The health checks' settings (<c>hourglass.health</c>); every mistake names its key.</summary>
public sealed record HealthSettings
{
    /// <summary>
    /// How recent an answer from Temporal keeps the node ready without a probe
    /// (<c>hourglass.health.temporal-fresh-for</c>); 0 probes on every check.
    /// </summary>
    public TimeSpan TemporalFreshFor { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest a readiness probe of Temporal may take (<c>hourglass.health.probe-timeout</c>).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest the liveness check waits for the router to answer (<c>hourglass.health.router-timeout</c>).</summary>
    public TimeSpan RouterTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads <c>hourglass.health</c> from a config (the reference config fills gaps).</summary>
    public static HealthSettings Create(Config config)
    {
        var read = new ConfigReader(config.WithFallback(HourglassConfig.Default()).GetConfig("hourglass"), "hourglass");
        return new HealthSettings
        {
            TemporalFreshFor = read.DurationBetween("health.temporal-fresh-for", TimeSpan.Zero, TimeSpan.FromHours(1)),
            ProbeTimeout = read.PositiveDuration("health.probe-timeout"),
            RouterTimeout = read.PositiveDuration("health.router-timeout"),
        };
    }
}
