namespace Hourglass.Host.Cli;

/// <summary>What a verb prints on stdout: <c>-o text|json|jsonl</c> (<c>--json</c> is <c>-o json</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Aligned lines for people (the default).</summary>
    Text,

    /// <summary>One indented JSON document, for a success and an error alike.</summary>
    Json,

    /// <summary>JSON lines: each document on one line; lists and event streams one item per line.</summary>
    JsonLines,
}
