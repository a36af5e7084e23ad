using System.Globalization;
using System.Text.RegularExpressions;

namespace Hourglass.Host.Cli;

/// <summary>Durations on the command line: a number and a unit, <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>3d</c>.</summary>
internal static partial class Durations
{
    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>
    /// Parses a positive duration; a usage error names the option (as written, <c>--timeout</c>, or its
    /// bare name) when the text is not one.
    /// </summary>
    public static TimeSpan Parse(string option, string text)
    {
        if (!option.StartsWith('-')) option = "--" + option;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            throw new UsageException($"{option} {text} is not a duration; write a number and a unit: 500ms, 10s, 5m, 1h, 3d");
        var n = double.Parse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var milliseconds = match.Groups["unit"].Value switch
        {
            "ms" => n,
            "s" => n * 1_000,
            "m" => n * 60_000,
            "h" => n * 3_600_000,
            _ => n * 86_400_000,
        };
        if (milliseconds < 1) throw new UsageException($"{option} {text} must be at least 1ms");
        if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2) throw new UsageException($"{option} {text} is too long");
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    /// <summary>A duration written back the short way (<c>1h</c>, <c>90s</c>, <c>250ms</c>), for HOCON and for people.</summary>
    public static string Format(TimeSpan value) => Hourglass.Configuration.DurationText.Format(value);
}
