using System.Text.Json;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Host.Cli;

/// <summary>
/// JSON values given on the command line (<c>--arg 42 --arg '"text"' --arg '{"a":1}'</c>) made into
/// Temporal payloads as the Temporalio default data converter encodes the equivalent .NET value:
/// JSON null as <c>binary/null</c>, anything else as <c>json/plain</c> with the JSON text.
/// </summary>
internal static class JsonValues
{
    /// <summary>One payload per value of the repeatable option, in order.</summary>
    public static IReadOnlyList<Payload> Payloads(ParsedArgs args, string option) =>
        args.Options(option).Select(text => Payload(option, text)).ToArray();

    /// <summary>The <c>key=&lt;json&gt;</c> values of a repeatable option as named payloads.</summary>
    public static IReadOnlyDictionary<string, Payload>? NamedPayloads(ParsedArgs args, string option)
    {
        var values = args.Options(option);
        if (values.Count == 0) return null;
        var named = new Dictionary<string, Payload>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            var eq = text.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--{option} {text}: write key=<json>, e.g. --{option} team='\"payments\"'");
            named[text[..eq]] = Payload(option, text[(eq + 1)..]);
        }
        return named;
    }

    /// <summary>Parses one JSON value and encodes it; a usage error when it is not JSON.</summary>
    public static Payload Payload(string option, string text)
    {
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new UsageException($"--{option} {text} is not a JSON value (a string needs its quotes: --{option} '\"{text}\"')");
        }
        return HourglassPayload.From(value.ValueKind == JsonValueKind.Null ? null : value);
    }
}
