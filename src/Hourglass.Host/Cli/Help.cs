namespace Hourglass.Host.Cli;

/// <summary>The text of <c>--help</c>.</summary>
public static class Help
{
    /// <summary>Usage and the list of commands.</summary>
    public const string Text = """
        Hourglass: Temporal's cluster-facing operations as Akka.NET actor messages.

        Usage: hourglass <command> [options]

        Commands:
          demo        Run the whole story on the embedded in-memory Temporal (no server needed):
                      ensure namespace, start, signal, status, complete, cancel, await, history.
          help        Show this text.

        Options:
          --help, -h  Show this text.

        Run it from a clone with: dotnet run --project src/Hourglass.Host -- <command>

        """;
}
