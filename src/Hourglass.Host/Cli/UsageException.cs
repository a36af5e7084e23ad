namespace Hourglass.Host.Cli;

/// <summary>The command line was wrong; the message says how, and the CLI exits with code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
