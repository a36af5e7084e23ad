using Hourglass.Host.Commands;

namespace Hourglass.Host.Cli;

/// <summary>The <c>hourglass</c> command line: parses the verb and runs its command.</summary>
public static class HourglassCli
{
    /// <summary>Exit code for a wrong command line.</summary>
    public const int UsageError = 2;

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "help", "json", "no-color" };

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ParsedArgs parsed;
        try
        {
            parsed = ParsedArgs.Parse(args, Flags);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"hourglass: {e.Message} (see --help)");
            return UsageError;
        }

        if (parsed.Verb is "" or "help" || (parsed.Has("help") && parsed.Verb.Length == 0))
        {
            await stdout.WriteAsync(Help.Text);
            return parsed.Verb.Length == 0 && !parsed.Has("help") ? UsageError : 0;
        }
        if (parsed.Has("help"))
        {
            await stdout.WriteAsync(Help.Text);
            return 0;
        }

        try
        {
            return parsed.Verb switch
            {
                "demo" => await DemoCommand.RunAsync(parsed, stdout),
                _ => throw new UsageException($"unknown command '{parsed.Verb}'"),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"hourglass: {e.Message} (see --help)");
            return UsageError;
        }
    }
}
