using Hourglass.Host.Commands;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Cli;

/// <summary>The <c>hourglass</c> command line, on System.CommandLine: parses the verb and runs its command.</summary>
/// <remarks>
/// Exit codes, one rule for every command: 0 when the command did what it was asked; 1 when the
/// operation failed (<see cref="OperationError"/>); 2 for anything refused before a call — a wrong
/// command line, a configuration Hourglass refuses, input Hourglass's validation refused
/// (InvalidArgument without a gRPC code) (<see cref="UsageError"/>); 130 when Ctrl+C or SIGTERM
/// interrupted it (<see cref="Interrupted"/>). <c>serve</c> ends with 0 after a stop it was asked for.
/// </remarks>
public static class HourglassCli
{
    /// <summary>The program's name, as the dotnet tool installs it.</summary>
    public const string ToolName = "hourglass";

    /// <summary>Exit code for a failed operation: the error kind and message are printed.</summary>
    public const int OperationError = OperatorOutput.OperationError;

    /// <summary>Exit code for anything refused before a call: usage, configuration, InvalidArgument from Hourglass's validation.</summary>
    public const int UsageError = OperatorOutput.UsageError;

    /// <summary>Exit code of a command interrupted by Ctrl+C (or SIGTERM): 128 + SIGINT.</summary>
    public const int Interrupted = OperatorOutput.Interrupted;

    /// <summary>
    /// The operator verbs, in the order <c>--help</c> lists them: new instances each time, each
    /// holding its own option objects for one command line.
    /// </summary>
    internal static IReadOnlyList<OperatorCommand> Commands =>
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

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, CancellationToken.None);

    /// <summary>
    /// Runs the command line; returns the process exit code. <paramref name="stop"/> is Ctrl+C or
    /// SIGTERM: it stops a node run with <c>serve</c> gracefully (the node leaves its cluster once the
    /// operations in flight are answered), and interrupts any other command (exit 130).
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new CliSession(args, stdout, stderr).RunAsync(stop);
    }
}
