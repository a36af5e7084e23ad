namespace Hourglass.Configuration;

/// <summary>
/// Durations the short way, as HOCON and people write them (<c>3s</c>, <c>5m</c>, <c>1h</c>,
/// <c>250ms</c>), for messages and rendered config: never <c>00:00:03</c>.
/// </summary>
public static class DurationText
{
    /// <summary>The duration in the largest whole unit that states it exactly (else milliseconds, rounded).</summary>
    public static string Format(TimeSpan value) =>
        value.Ticks != 0 && value.TotalMilliseconds % 86_400_000 == 0 ? $"{value.TotalDays:0}d"
        : value.Ticks != 0 && value.TotalMilliseconds % 3_600_000 == 0 ? $"{value.TotalHours:0}h"
        : value.Ticks != 0 && value.TotalMilliseconds % 60_000 == 0 ? $"{value.TotalMinutes:0}m"
        : value.Ticks != 0 && value.TotalMilliseconds % 1_000 == 0 ? $"{value.TotalSeconds:0}s"
        : $"{Math.Round(value.TotalMilliseconds):0}ms";

    /// <summary>The duration as <see cref="Format(TimeSpan)"/> writes it; "the default" when there is none.</summary>
    public static string Format(TimeSpan? value) => value is { } given ? Format(given) : "the default";
}
