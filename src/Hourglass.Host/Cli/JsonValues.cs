using System.Text.Json;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Host.Cli;

/// <summary>
/// JSON values given on the command line (<c>-i 42 -i '"text"' -i '{"a":1}'</c>) made into
/// Temporal payloads as the Temporalio default data converter encodes the equivalent .NET value:
/// JSON null as <c>binary/null</c>, anything else as <c>json/plain</c> with the JSON text.
/// </summary>
internal static class JsonValues
{
    /// <summary>The <c>key=&lt;json&gt;</c> values of a repeatable option as named payloads; null when none is given.</summary>
    public static IReadOnlyDictionary<string, Payload>? NamedPayloads(string option, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return null;
        var named = new Dictionary<string, Payload>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var eq = text.IndexOf('=');
            if (eq <= 0) throw new UsageException($"{option} {text}: write key=<json>, e.g. {option} team='\"payments\"'");
            named[text[..eq]] = Payload(option, text[(eq + 1)..]);
        }
        return named;
    }

    /// <summary>
    /// Parses one JSON value and encodes it; a usage error naming the option (as written, or its bare
    /// name) when it is not JSON.
    /// </summary>
    public static Payload Payload(string option, string text)
    {
        if (!option.StartsWith('-')) option = "--" + option;
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new UsageException($"{option} {text} is not a JSON value (a string needs its quotes: {option} '\"{text}\"')");
        }
        return HourglassPayload.From(value.ValueKind == JsonValueKind.Null ? null : value);
    }
}
