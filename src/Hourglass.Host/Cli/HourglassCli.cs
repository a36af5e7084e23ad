using Akka.Configuration;
using Hourglass.Host.Commands;
using Hourglass.Host.Node;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Cli;

/// <summary>The <c>hourglass</c> command line: parses the verb and runs its command.</summary>
/// <remarks>
/// Exit codes: 0 when the command did what it was asked, 1 when the operation failed
/// (<see cref="OperationError"/>), 2 for a wrong command line or configuration (<see cref="UsageError"/>).
/// </remarks>
public static class HourglassCli
{
    /// <summary>Exit code for a failed operation: the error kind and message are printed.</summary>
    public const int OperationError = OperatorOutput.OperationError;

    /// <summary>Exit code for a wrong command line (or a configuration Hourglass refuses).</summary>
    public const int UsageError = OperatorOutput.UsageError;

    /// <summary>The operator verbs, in the order <c>--help</c> lists them.</summary>
    internal static readonly IReadOnlyList<OperatorCommand> Commands =
    [
        new StartCommand(),
        new DescribeCommand(),
        new StatusCommand(),
        new HistoryCommand(),
        new SignalCommand(),
        new SignalWithStartCommand(),
        new QueryCommand(),
        new UpdateCommand(),
        new CancelCommand(),
        new TerminateCommand(),
        new AwaitCommand(),
        new EnsureNamespaceCommand(),
        new ListCommand(),
        new CountCommand(),
    ];

    // Switches take no value; every other --name takes the next argument.
    private static readonly HashSet<string> Flags = new(
        Commands.SelectMany(c => c.Options).Concat(OperatorContext.CommonOptions).Concat(ServeCommand.Options)
            .Where(o => o.IsFlag).Select(o => o.Name).Append("help").Append("no-color"),
        StringComparer.Ordinal);

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, CancellationToken.None);

    /// <summary>
    /// Runs the command line; returns the process exit code. <paramref name="stop"/> stops a node run
    /// with <c>serve</c> as Ctrl+C or SIGTERM do (gracefully: the node leaves its cluster once the
    /// operations in flight are answered); the other commands end by themselves.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        // Known before parsing, so that even a command line that does not parse is answered in JSON.
        var output = new OperatorOutput(stdout, stderr, json: args.Contains("--json"));
        ParsedArgs parsed;
        try
        {
            parsed = ParsedArgs.Parse(args, Flags);
        }
        catch (UsageException e)
        {
            return await output.UsageFailedAsync(e.Message);
        }

        if (parsed.Option("api-key") is not null)
        {
            await stderr.WriteLineAsync("hourglass: warning: --api-key on a command line can be read by other users of this machine " +
                "(ps, /proc/<pid>/cmdline); give the key in $TEMPORAL_API_KEY or a file (--api-key-file) instead");
        }

        if (parsed.Verb.Length == 0)
        {
            if (output.Json && !parsed.Has("help")) return await output.UsageFailedAsync("no command given");
            await stdout.WriteAsync(Help.Text);
            return parsed.Has("help") ? 0 : UsageError;
        }
        if (parsed.Verb == "help")
        {
            if (parsed.Positional.Count == 0)
            {
                await stdout.WriteAsync(Help.Text);
                return 0;
            }
            if (Help.For(parsed.Positional[0]) is not { } verbHelp)
                return await output.UsageFailedAsync($"unknown command {parsed.Shown(0)}");
            await stdout.WriteAsync(verbHelp);
            return 0;
        }
        if (parsed.Has("help"))
        {
            await stdout.WriteAsync(Help.For(parsed.Verb) ?? Help.Text);
            return 0;
        }

        if (parsed.Verb == "demo")
        {
            try
            {
                return await DemoCommand.RunAsync(parsed, stdout);
            }
            catch (UsageException e)
            {
                return await output.UsageFailedAsync(e.Message);
            }
        }

        if (parsed.Verb == ServeCommand.Name)
        {
            try
            {
                return await ServeCommand.RunAsync(parsed, stdout, stderr, Environment.GetEnvironmentVariable, stop);
            }
            catch (UsageException e)
            {
                return await output.UsageFailedAsync(e.Message, ServeCommand.Name);
            }
            catch (ConfigurationException e)
            {
                return await output.ConfigurationFailedAsync(e.Message);
            }
        }

        var command = Commands.FirstOrDefault(c => c.Name == parsed.Verb);
        if (command is null) return await output.UsageFailedAsync($"unknown command {parsed.ShownVerb}");
        return await ExecuteAsync(command, parsed, output);
    }

    private static async Task<int> ExecuteAsync(OperatorCommand command, ParsedArgs args, OperatorOutput output)
    {
        try
        {
            CheckCommandLine(command, args);
            await using var context = OperatorContext.Create(args);
            // The context holds the router the verbs ask: a local one, or with --via a running node's.
            await command.RunAsync(args, context, output);
            return OperatorOutput.Success;
        }
        catch (UsageException e)
        {
            return await output.UsageFailedAsync(e.Message, command.Name);
        }
        catch (ConfigurationException e)
        {
            return await output.ConfigurationFailedAsync(e.Message);
        }
        catch (HourglassException e)
        {
            return await output.OperationFailedAsync(e.Error);
        }
        catch (Exception e)
        {
            return await output.UnexpectedAsync(e);
        }
    }

    private static void CheckCommandLine(OperatorCommand command, ParsedArgs args)
    {
        var options = command.Options.Concat(OperatorContext.CommonOptions).ToList();
        var known = options.Select(o => o.Name).Append("help").ToHashSet(StringComparer.Ordinal);
        var unknown = args.UnknownOptions(known).Select(o => "--" + ParsedArgs.ShownOption(o)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"unknown option{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)} for {command.Name}");

        var repeated = options.FirstOrDefault(o => !o.Repeatable && args.Options(o.Name).Count > 1);
        if (repeated is not null) throw new UsageException($"--{repeated.Name} is given more than once");

        if (args.Positional.Count < command.Arguments.Count)
            throw new UsageException($"{command.Name} needs <{command.Arguments[args.Positional.Count]}>: hourglass {command.Usage}");
        if (args.Positional.Count > command.Arguments.Count)
            throw new UsageException($"{command.Name} takes {command.Arguments.Count} argument{(command.Arguments.Count == 1 ? "" : "s")} " +
                $"({command.Usage}), not also {args.Shown(command.Arguments.Count)}");
    }
}
