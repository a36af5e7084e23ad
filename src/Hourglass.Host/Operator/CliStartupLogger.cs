using Akka.Event;

namespace Hourglass.Host.Operator;

/// <summary>
/// Akka's minimal logger for the operator verbs' own ActorSystem (before its loggers start and after
/// they stop): errors only, on stderr, so stdout holds only what the verb prints — with <c>-o json</c>,
/// exactly one JSON document. (Akka's start-up notes, such as the remote guard's serializer
/// override, are not for the person running a verb.)
/// </summary>
public sealed class CliStartupLogger : MinimalLogger
{
    /// <inheritdoc />
    protected override void Log(object message)
    {
        if (message is Error) Console.Error.WriteLine(message);
    }
}
