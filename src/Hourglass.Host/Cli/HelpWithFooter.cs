using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Hourglass.Host.Cli;

/// <summary>System.CommandLine's help for the command, then a footer (durations, exit codes).</summary>
internal sealed class HelpWithFooter(HelpAction help, string footer) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override bool ClearsParseErrors => true;

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(footer);
        return 0;
    }
}
