using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using Hourglass.Host.Commands;
using Hourglass.Host.Node;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Cli;

/// <summary>
/// The whole <c>hourglass</c> command line as System.CommandLine symbols, made anew for each run:
/// the operator verbs (<see cref="HourglassCli.Commands"/>) with the common options, <c>serve</c>,
/// <c>demo</c>, <c>help</c> and <c>completion</c>; <c>--help</c> / <c>-h</c> everywhere, <c>--version</c>,
/// and the <c>[suggest]</c> directive the completion scripts call.
/// </summary>
internal sealed class CommandTree
{
    /// <summary>What the program is, first in help.</summary>
    public const string Title = "Hourglass: Temporal's cluster-facing operations as Akka.NET actor messages.";

    /// <summary>The end of every command's help.</summary>
    public const string Footer = """
        Durations are a number and a unit: 500ms, 10s, 5m, 1h, 3d. JSON values need shell quotes: -i '"text"'.
        Exit codes: 0 done; 1 the operation failed (the error kind is printed); 2 refused before any call
        (usage, configuration, or input Hourglass refused: InvalidArgument); 130 interrupted (Ctrl+C).
        serve: 0 after a stop it was asked for (Ctrl+C, SIGTERM); 1 failed or downed by its cluster; 2 as above.
        """;

    /// <summary>Builds the tree.</summary>
    public CommandTree()
    {
        Root = new RootCommand(Title) { HelpName = HourglassCli.ToolName };
        // Completion scripts pass the line with the program's name as typed, whatever the executable is called.
        Root.Aliases.Add(HourglassCli.ToolName);
        // -h and --help only (not -? /? /h), with the footer after System.CommandLine's own help.
        var help = Root.Options.OfType<HelpOption>().Single();
        Root.Options.Remove(help);
        var ours = new HelpOption("--help", "-h");
        ours.Action = new HelpWithFooter((HelpAction)ours.Action!, Footer);
        Root.Options.Add(ours);
        Root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

        foreach (var verb in HourglassCli.Commands)
        {
            verb.Attach(Operator);
            var command = Command(verb.Name, verb.Summary);
            foreach (var operand in verb.Operands)
            {
                command.Arguments.Add(operand.Argument);
                if (operand.Option is { } option && !command.Options.Contains(option)) command.Options.Add(option);
            }
            foreach (var option in verb.Options.Concat(Operator.All).Where(o => !command.Options.Contains(o))) command.Options.Add(option);
            Verbs[command] = verb;
        }

        ServeSymbol = Command(ServeCommand.Name, ServeCommand.Summary);
        foreach (var option in Serve.Options) ServeSymbol.Options.Add(option);

        Demo = Command("demo", DemoCommand.Summary);

        HelpVerb = Command("help", "Show help, or one command's help.");
        HelpTopic = new Argument<string>("command") { Arity = ArgumentArity.ZeroOrOne, Description = "the command", HelpName = "command" };
        HelpTopic.CompletionSources.Add(_ => Root.Subcommands.Select(c => new CompletionItem(c.Name)));
        HelpVerb.Arguments.Add(HelpTopic);

        Completion = Command("completion", "Print a shell completion script: source <(hourglass completion bash), or zsh, or fish.");
        Shell = new Argument<string>("shell") { Arity = ArgumentArity.ZeroOrOne, Description = "bash | zsh | fish", HelpName = "shell" };
        Shell.CompletionSources.Add(CompletionScripts.Shells.ToArray());
        Completion.Arguments.Add(Shell);
    }

    /// <summary>The root.</summary>
    public RootCommand Root { get; }

    /// <summary>The common options of the operator verbs.</summary>
    public OperatorOptions Operator { get; } = new();

    /// <summary>Each operator verb's command and the verb behind it.</summary>
    public Dictionary<Command, OperatorCommand> Verbs { get; } = new();

    /// <summary><c>serve</c>'s options and run.</summary>
    public ServeCommand Serve { get; } = new();

    /// <summary>The <c>serve</c> command.</summary>
    public Command ServeSymbol { get; }

    /// <summary>The <c>demo</c> command.</summary>
    public Command Demo { get; }

    /// <summary>The <c>help</c> command.</summary>
    public Command HelpVerb { get; }

    /// <summary>The command <c>help</c> is asked about.</summary>
    public Argument<string> HelpTopic { get; }

    /// <summary>The <c>completion</c> command.</summary>
    public Command Completion { get; }

    /// <summary>The shell <c>completion</c> writes for.</summary>
    public Argument<string> Shell { get; }

    private Command Command(string name, string description)
    {
        var command = new Command(name, description.ReplaceLineEndings(" "));
        Root.Subcommands.Add(command);
        return command;
    }
}
