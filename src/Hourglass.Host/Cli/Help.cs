using System.Text;
using Hourglass.Host.Node;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Cli;

/// <summary>The text of <c>--help</c> and <c>help &lt;command&gt;</c>, made from the commands' own descriptions.</summary>
public static class Help
{
    private const string Title = "Hourglass: Temporal's cluster-facing operations as Akka.NET actor messages.";

    private const string DemoSummary = """
        Run the whole story on the embedded in-memory Temporal (no server needed):
        ensure namespace, start, signal, query, update, status, complete, cancel, await, history.
        """;

    private const string Footer = """
        Durations are a number and a unit: 500ms, 10s, 5m, 1h, 3d. JSON values need shell quotes: --arg '"text"'.
        Exit codes: 0 done; 1 the operation failed (the error kind is printed); 2 usage or configuration error.

        Run it from a clone with: dotnet run --project src/Hourglass.Host -- <command>
        """;

    private const string ServeFooter = """
        Exit codes: 0 stopped when asked (Ctrl+C, SIGTERM); 1 the node failed to start or was downed by
        its cluster; 2 usage or configuration error.
        """;

    /// <summary>Usage, every command with its arguments and options, the common options.</summary>
    public static string Text
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine(Title).AppendLine();
            text.AppendLine("Usage: hourglass <command> [arguments] [options]");
            text.AppendLine("       hourglass help <command>").AppendLine();
            text.AppendLine("Commands:");
            AppendCommand(text, "demo", DemoSummary, []);
            AppendCommand(text, "help [<command>]", "Show this text, or one command's.", []);
            text.AppendLine();
            AppendCommand(text, ServeCommand.Name, ServeCommand.Summary, ServeCommand.NodeOptions);
            text.AppendLine("        and the Temporal connection options below (--address … --rpc-timeout)");
            text.AppendLine().AppendLine(
                "Operator commands, against a configured Temporal (each starts a local ClientBackendActor on the real backend),");
            text.AppendLine("or with --via <address> on a running node (serve), with that node's Temporal connection:");
            foreach (var command in HourglassCli.Commands)
                AppendCommand(text, command.Usage, command.Summary, command.Options);
            text.AppendLine().AppendLine("Options of every operator command (--via excludes the connection options):");
            AppendOptions(text, OperatorContext.CommonOptions, indent: 2);
            text.AppendLine("  --help, -h".PadRight(OptionColumn) + "show help");
            text.AppendLine().Append(Footer).AppendLine();
            return text.ToString();
        }
    }

    /// <summary>One command's help; null when there is no such command.</summary>
    public static string? For(string verb)
    {
        if (verb == ServeCommand.Name)
        {
            var serve = new StringBuilder();
            serve.AppendLine($"Usage: hourglass {ServeCommand.Name} [options]").AppendLine();
            serve.AppendLine(ServeCommand.Summary).AppendLine();
            serve.AppendLine("Node options:");
            AppendOptions(serve, ServeCommand.NodeOptions, indent: 2);
            serve.AppendLine().AppendLine("Temporal connection (as the operator commands):");
            AppendOptions(serve, TemporalOptions.All, indent: 2);
            serve.AppendLine().Append(ServeFooter).AppendLine();
            return serve.ToString();
        }
        if (verb == "demo")
        {
            return $"""
                Usage: hourglass demo

                {DemoSummary}

                """;
        }
        var command = HourglassCli.Commands.FirstOrDefault(c => c.Name == verb);
        if (command is null) return null;

        var text = new StringBuilder();
        text.AppendLine($"Usage: hourglass {command.Usage} [options]").AppendLine();
        text.AppendLine(command.Summary).AppendLine();
        if (command.Options.Count > 0)
        {
            text.AppendLine("Options:");
            AppendOptions(text, command.Options, indent: 2);
            text.AppendLine();
        }
        text.AppendLine("Connection and output:");
        AppendOptions(text, OperatorContext.CommonOptions, indent: 2);
        text.AppendLine().Append(Footer).AppendLine();
        return text.ToString();
    }

    private const int OptionColumn = 40;

    private static void AppendCommand(StringBuilder text, string usage, string summary, IReadOnlyList<OptionSpec> options)
    {
        text.AppendLine($"  {usage}");
        foreach (var line in summary.ReplaceLineEndings("\n").Split('\n')) text.AppendLine($"      {line}");
        AppendOptions(text, options, indent: 8);
    }

    private static void AppendOptions(StringBuilder text, IReadOnlyList<OptionSpec> options, int indent)
    {
        foreach (var option in options)
        {
            var head = new string(' ', indent) + option.Syntax;
            text.AppendLine(head.Length < OptionColumn ? head.PadRight(OptionColumn) + option.Description : head + "  " + option.Description);
        }
    }
}
