using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Hourglass.Host.Operator;

/// <summary>
/// Akka's log for the operator verbs, written to the process's stderr so that stdout carries only
/// what the verb prints (with <c>--json</c>, exactly one JSON document).
/// </summary>
public sealed class StderrLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent logEvent:
                Console.Error.WriteLine(logEvent.ToString());
                return true;
            default:
                return false;
        }
    }
}
