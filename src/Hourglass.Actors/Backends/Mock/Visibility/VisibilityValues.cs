using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// Values as the visibility evaluator compares them: a Keyword as a string, a KeywordList as an
/// array of strings, a Text as its words, Int as a long, Double as a double, Bool as a bool, a
/// Datetime as microseconds since the Unix epoch in UTC (the SQL stores keep microseconds), the
/// ExecutionStatus as its enum number and ExecutionDuration as nanoseconds (as the SQL store's
/// columns hold them). Also the readers of the literals a query may write.
/// </summary>
internal static partial class VisibilityValues
{
    /// <summary>What SQL visibility puts in place of the close time of an open run in comparisons (<c>COALESCE(close_time, '9999-12-31 23:59:59')</c>).</summary>
    public static readonly long OpenCloseTime = Micros(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero));

    /// <summary>Microseconds since the Unix epoch, rounded down.</summary>
    public static long Micros(DateTimeOffset time) => FloorDivide(time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, 10);

    /// <summary><paramref name="value"/> / <paramref name="divisor"/> rounded towards minus infinity, in whole numbers (a double loses ticks).</summary>
    public static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor != 0 && value < 0 ? quotient - 1 : quotient;
    }

    /// <summary>
    /// A search attribute's value from its payload (<c>json/plain</c>, the JSON of the value) read as
    /// <paramref name="type"/>; null when the payload does not hold a value of that type (a value
    /// the server would have refused at start never matches a query).
    /// </summary>
    public static object? Decode(Payload payload, IndexedValueType type)
    {
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        return type switch
        {
            IndexedValueType.Keyword => json.ValueKind == JsonValueKind.String ? json.GetString() : null,
            IndexedValueType.Text => json.ValueKind == JsonValueKind.String ? new TextValue(json.GetString()!) : null,
            IndexedValueType.KeywordList => json.ValueKind switch
            {
                JsonValueKind.String => new[] { json.GetString()! },
                JsonValueKind.Array when json.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                    json.EnumerateArray().Select(e => e.GetString()!).ToArray(),
                _ => null,
            },
            IndexedValueType.Int => json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var l) ? l : null,
            IndexedValueType.Double => json.ValueKind == JsonValueKind.Number ? json.GetDouble() : null,
            IndexedValueType.Bool => json.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
            IndexedValueType.Datetime => json.ValueKind == JsonValueKind.String && ParseDatetime(json.GetString()!) is { } time ? time : null,
            _ => null,
        };
    }

    /// <summary>
    /// An RFC 3339 time as Go's <c>time.Parse(time.RFC3339Nano, …)</c> reads it (a <c>T</c>, seconds,
    /// an optional fraction of up to nine digits, <c>Z</c> or an offset), in microseconds since the
    /// epoch; null when it is not one.
    /// </summary>
    public static long? ParseDatetime(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success) return null;
        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture);
        try
        {
            var offset = TimeSpan.Zero;
            if (!match.Groups["z"].Success)
            {
                var hours = Part("oh");
                var minutes = Part("om");
                if (hours > 23 || minutes > 59) return null;
                offset = new TimeSpan(hours, minutes, 0);
                if (match.Groups["sign"].Value == "-") offset = -offset;
            }
            var time = new DateTimeOffset(Part("year"), Part("month"), Part("day"), Part("hour"), Part("minute"), Part("second"), offset);
            var fraction = match.Groups["fraction"].Value;
            var micros = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0')[..6], CultureInfo.InvariantCulture);
            return Micros(time) + micros;
        }
        catch (ArgumentException)
        {
            // A day, hour or offset out of range (ArgumentOutOfRangeException is one too).
            return null;
        }
    }

    /// <summary>
    /// An ExecutionDuration written as a string, as the server reads it
    /// (<c>store/query/util.go</c> <c>ParseExecutionDurationStr</c>): nanoseconds, a Go duration
    /// (<c>300ms</c>, <c>2h45m</c>, with <c>d</c> for 24 hours), or <c>hh:mm:ss</c>; in nanoseconds,
    /// or null with the reason.
    /// </summary>
    public static long? ParseExecutionDuration(string text, out string? problem)
    {
        problem = null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var nanos)) return nanos;
        if (GoDuration(text) is { } go) return go;
        var hms = HoursMinutesSeconds().Match(text);
        if (!hms.Success)
        {
            problem = "invalid duration";
            return null;
        }
        var hours = long.Parse(hms.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var minutes = long.Parse(hms.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        var seconds = long.Parse(hms.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
        if (hours < 0) problem = "invalid duration: hours must be a positive number";
        else if (minutes is < 0 or > 59) problem = "invalid duration: minutes must be from 0 to 59";
        else if (seconds is < 0 or > 59) problem = "invalid duration: seconds must be from 0 to 59";
        if (problem is not null) return null;
        return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000_000;
    }

    // Go's time.ParseDuration plus Temporal's "d": [-+] then one or more number+unit.
    private static long? GoDuration(string text)
    {
        var match = GoDurationPattern().Match(text);
        if (!match.Success) return null;
        decimal total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitOf(part.Value);
            var number = part.Value[..^unit.Length];
            if (number is "." || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
            total += value * unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                "d" => 86_400_000_000_000m,
                _ => throw new InvalidOperationException(unit),
            };
        }
        if (match.Groups["sign"].Value == "-") total = -total;
        return total is >= long.MinValue and <= long.MaxValue ? (long)total : null;
    }

    private static string UnitOf(string part)
    {
        var i = part.Length;
        while (i > 0 && !char.IsDigit(part[i - 1]) && part[i - 1] != '.') i--;
        return part[i..];
    }

    /// <summary>The words full-text search sees: split at every character that is not a letter or digit, case folded.</summary>
    public static string[] Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words.ToArray();
    }

    /// <summary>A Go-style rendering of a literal's value and type for the server's type-mismatch message (<c>%#v (type: %T)</c>).</summary>
    public static string GoValue(object value) => value switch
    {
        string s => JsonSerializer.Serialize(s) + " (type: string)",
        long l => l.ToString(CultureInfo.InvariantCulture) + " (type: int64)",
        double d => d.ToString("R", CultureInfo.InvariantCulture) + " (type: float64)",
        bool b => (b ? "true" : "false") + " (type: bool)",
        _ => value.ToString() + $" (type: {value.GetType().Name})",
    };

    /// <summary>The Go type name of a literal's value (<c>%T</c>).</summary>
    public static string GoType(object value) => value switch
    {
        string => "string",
        long => "int64",
        double => "float64",
        bool => "bool",
        _ => value.GetType().Name,
    };

    [GeneratedRegex(@"^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(\.(?<fraction>\d{1,9}))?((?<z>Z)|(?<sign>[+-])(?<oh>\d{2}):(?<om>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationPattern();

    [GeneratedRegex(@"^\s*([-+]?\d+):([-+]?\d+):([-+]?\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex HoursMinutesSeconds();
}

/// <summary>A Text search attribute's value with its words, read once.</summary>
/// <param name="Value">The text as stored.</param>
internal sealed record TextValue(string Value)
{
    /// <summary>Its words (<see cref="VisibilityValues.Words"/>).</summary>
    public string[] Words { get; } = VisibilityValues.Words(Value);

    /// <summary>True when <paramref name="phrase"/>'s words appear in these words, in order and next to each other.</summary>
    public bool Contains(string[] phrase)
    {
        if (phrase.Length == 0) return false;
        for (var i = 0; i + phrase.Length <= Words.Length; i++)
        {
            var j = 0;
            while (j < phrase.Length && string.Equals(Words[i + j], phrase[j], StringComparison.Ordinal)) j++;
            if (j == phrase.Length) return true;
        }
        return false;
    }
}
