using System.CommandLine;
using Temporalio.Api.Common.V1;

namespace Hourglass.Host.Cli;

/// <summary>
/// A verb's JSON inputs as the Temporal CLI takes them: <c>--input</c> / <c>-i</c> (also <c>--arg</c>)
/// with a JSON value, repeated for more, or <c>--input-file</c> with a file holding one JSON value,
/// repeated for more; one of the two kinds.
/// </summary>
internal sealed class PayloadInputs
{
    /// <summary>The inputs of a workflow, signal, query or update: <c>--input</c>, <c>-i</c>, <c>--arg</c> and <c>--input-file</c>.</summary>
    public PayloadInputs(string what) : this("--input", "--input-file", what, "-i", "--arg")
    {
    }

    /// <summary>Inputs under other names (<c>--signal-input</c>, <c>--signal-input-file</c>), for a second kind of input.</summary>
    public PayloadInputs(string name, string fileName, string what, params string[] aliases)
    {
        Values = CliOptions.Many(name, "json",
            $"{what} as a JSON value: 42, '\"text\"', '{{\"a\":1}}' (repeat for more)", aliases);
        Files = CliOptions.Many(fileName, "file", $"a file holding {what} as one JSON value (repeat for more; instead of {name})");
    }

    /// <summary>The JSON values option.</summary>
    public Option<string[]> Values { get; }

    /// <summary>The files option.</summary>
    public Option<string[]> Files { get; }

    /// <summary>Both options, as a verb adds them.</summary>
    public IEnumerable<Option> Options => [Values, Files];

    /// <summary>The payloads, in the order given; a usage error for a value that is not JSON or a file that cannot be read.</summary>
    public IReadOnlyList<Payload> Read(ParseResult parse)
    {
        var values = parse.GetValue(Values) ?? [];
        var files = parse.GetValue(Files) ?? [];
        if (values.Length > 0 && files.Length > 0) throw new UsageException($"{Values.Name} and {Files.Name}: give one of them");
        // A message names the option as it was written (-i, --input or --arg).
        var written = parse.GetResult(Values)?.IdentifierToken?.Value ?? Values.Name;
        if (values.Length > 0) return values.Select(v => JsonValues.Payload(written, v)).ToArray();
        return files.Select(file =>
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{Files.Name} {file}: cannot read it: {e.Message}");
            }
            try
            {
                return JsonValues.Payload(Files.Name, text);
            }
            catch (UsageException)
            {
                throw new UsageException($"{Files.Name} {file} does not hold one JSON value");
            }
        }).ToArray();
    }
}
