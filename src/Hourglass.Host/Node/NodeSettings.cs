using Akka.Configuration;
using Hourglass.Configuration;

namespace Hourglass.Host.Node;

/// <summary>The node's own settings, under <c>hourglass.host</c>.</summary>
/// <param name="EnsureNamespace">The namespace ensured at start; null to ensure none.</param>
/// <param name="InitialBackoff">The first wait before trying again while Temporal cannot be reached.</param>
/// <param name="MaxBackoff">The longest such wait (the wait doubles up to it).</param>
internal sealed record NodeSettings(string? EnsureNamespace, TimeSpan InitialBackoff, TimeSpan MaxBackoff)
{
    private const string Section = "hourglass.host";

    /// <summary>
    /// Reads <c>hourglass.host</c>. <c>ensure-namespace</c> is <c>on</c> (the default namespace of
    /// <paramref name="hourglass"/>), <c>off</c> or empty (none), or a namespace's name.
    /// </summary>
    public static NodeSettings Create(Config config, HourglassSettings hourglass)
    {
        var ensure = config.GetString($"{Section}.ensure-namespace", "on")?.Trim() ?? "";
        var ensured = ensure.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => hourglass.DefaultNamespace,
            "off" or "false" or "no" or "" => null,
            _ => ensure,
        };
        var initial = Positive(config, "ensure-retry.initial-backoff", TimeSpan.FromSeconds(1));
        var max = Positive(config, "ensure-retry.max-backoff", TimeSpan.FromSeconds(30));
        if (max < initial)
            throw new ConfigurationException($"{Section}.ensure-retry.max-backoff ({max}) is shorter than initial-backoff ({initial})");
        return new NodeSettings(ensured, initial, max);
    }

    private static TimeSpan Positive(Config config, string key, TimeSpan fallback)
    {
        TimeSpan value;
        try
        {
            value = config.GetTimeSpan($"{Section}.{key}", fallback, allowInfinite: false);
        }
        catch (Exception e) when (e is not ConfigurationException and not OutOfMemoryException)
        {
            throw new ConfigurationException($"{Section}.{key} is not a duration: {e.Message}");
        }
        if (value <= TimeSpan.Zero) throw new ConfigurationException($"{Section}.{key} must be positive");
        return value;
    }
}
