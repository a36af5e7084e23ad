using Akka.Event;

namespace Hourglass.Host.Node;

/// <summary>
/// Akka's minimal logger, used before the node's loggers start and after they stop, writing to
/// stderr like the rest of the node's log: stdout carries only the node's own lines.
/// </summary>
public sealed class StderrStartupLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message) => Console.Error.WriteLine(message);
}
