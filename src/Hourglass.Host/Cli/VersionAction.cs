using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Hourglass.Host.Cli;

/// <summary><c>--version</c>: the Host's own informational version (not the entry assembly's: a test host's, in-process).</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The version, e.g. <c>0.1.0+3f2a…</c> (the commit it was built from).</summary>
    public static string Version =>
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionAction).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return 0;
    }
}
