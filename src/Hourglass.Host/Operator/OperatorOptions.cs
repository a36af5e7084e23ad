using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Node;

namespace Hourglass.Host.Operator;

/// <summary>
/// The options every operator verb takes: the Temporal connection (<see cref="TemporalOptions"/>),
/// <c>--via</c> a running node (with node TLS), the output format (<c>-o text|json|jsonl</c>, and
/// <c>--json</c> for <c>-o json</c>) and <c>--verbose</c>.
/// </summary>
internal sealed class OperatorOptions
{
    /// <summary>The words of <c>-o</c>.</summary>
    public static readonly IReadOnlyDictionary<string, OutputFormat> Formats = new Dictionary<string, OutputFormat>(StringComparer.Ordinal)
    {
        ["text"] = OutputFormat.Text,
        ["json"] = OutputFormat.Json,
        ["jsonl"] = OutputFormat.JsonLines,
    };

    /// <summary>Makes the options (each command line gets its own).</summary>
    public OperatorOptions() =>
        All = [.. Temporal.All, Via, .. NodeTls.All, Output, Json, Verbose];

    /// <summary>Which Temporal, and how.</summary>
    public TemporalOptions Temporal { get; } = new();

    /// <summary><c>--via</c>: run the verb on a running node.</summary>
    public Option<string> Via { get; } = CliOptions.Text("--via", "address",
        "run it on a running node (akka.tcp://hourglass@host:port, as serve prints it) with the node's Temporal connection and payload codec");

    /// <summary>Node TLS, for <c>--via</c>.</summary>
    public NodeTlsOptions NodeTls { get; } = new("with --via: ");

    /// <summary><c>-o</c> / <c>--output</c>.</summary>
    public Option<OutputFormat?> Output { get; } = CliOptions.Choice("--output", "format",
        "text (default) | json: one JSON document on stdout, for scripts (errors too) | jsonl: JSON lines", Formats, "-o");

    /// <summary><c>--json</c>, the same as <c>-o json</c>.</summary>
    public Option<bool> Json { get; } = CliOptions.Flag("--json", "the same as -o json");

    /// <summary><c>--verbose</c>.</summary>
    public Option<bool> Verbose { get; } = CliOptions.Flag("--verbose", "errors show the client's own text too (an unreachable server's transport error)", "-v");

    /// <summary>Every option, in the order help shows them.</summary>
    public IReadOnlyList<Option> All { get; }

    /// <summary>The output format the command line asks for.</summary>
    public OutputFormat FormatOf(ParseResult parse) =>
        parse.GetValue(Output) is { } format ? format : parse.GetValue(Json) ? OutputFormat.Json : OutputFormat.Text;
}
