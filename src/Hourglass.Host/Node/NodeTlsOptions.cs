using System.CommandLine;
using System.Text;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Node;

/// <summary>
/// The options of mutual TLS between nodes (<c>--node-tls-cert</c>, <c>--node-tls-key</c>,
/// <c>--node-tls-ca</c>) and their <c>HOURGLASS_NODE_TLS_*</c> variables, for <c>serve</c> and for
/// the CLI's <c>--via</c>; they set <c>hourglass.node-tls</c>. Apart from the Temporal TLS options
/// (<c>--tls-*</c>), which are about the connection to Temporal.
/// </summary>
internal sealed class NodeTlsOptions
{
    private const string Section = "hourglass.node-tls";

    // Option, variable, key, what it is.
    private static readonly (string Option, string Variable, string Key, string Description)[] Rows =
    [
        ("--node-tls-cert", "HOURGLASS_NODE_TLS_CERT", $"{Section}.certificate-file",
            "PEM certificate presented to the other nodes (mutual TLS between nodes, with --node-tls-key and --node-tls-ca)"),
        ("--node-tls-key", "HOURGLASS_NODE_TLS_KEY", $"{Section}.key-file", "PEM private key of --node-tls-cert"),
        ("--node-tls-ca", "HOURGLASS_NODE_TLS_CA", $"{Section}.authority-file",
            "PEM of the authority that signs the nodes' certificates: only peers it signed are admitted"),
    ];

    /// <summary>Makes the options, their descriptions prefixed with <paramref name="context"/> (e.g. <c>with --via: </c>).</summary>
    public NodeTlsOptions(string context = "") =>
        All = Rows.Select(r => CliOptions.Text(r.Option, "file", $"{context}{r.Description}; ${r.Variable}")).ToArray();

    /// <summary>The options, as help lists them.</summary>
    public IReadOnlyList<Option<string>> All { get; }

    /// <summary>Appends the HOCON for the options given.</summary>
    public void AppendHocon(StringBuilder hocon, ParseResult parse)
    {
        for (var i = 0; i < Rows.Length; i++) TemporalOptions.Set(hocon, Rows[i].Key, parse.GetValue(All[i]));
    }

    /// <summary>Appends the HOCON for the variables set.</summary>
    public static void AppendHocon(StringBuilder hocon, Func<string, string?> environment)
    {
        foreach (var row in Rows)
        {
            if (environment(row.Variable) is { } value && !string.IsNullOrWhiteSpace(value)) TemporalOptions.Set(hocon, row.Key, value.Trim());
        }
    }

    /// <summary>The node TLS options given on this command line, by name.</summary>
    public IReadOnlyList<string> Given(ParseResult parse) =>
        All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    /// <summary>A configuration error's message with each key named after its option and variable.</summary>
    public static string NameOptions(string message)
    {
        foreach (var row in Rows)
            message = message.Replace(row.Key, $"{row.Option} / ${row.Variable} ({row.Key})", StringComparison.Ordinal);
        return message;
    }
}
