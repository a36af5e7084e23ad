using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Hourglass.Host.Node;

/// <summary>
/// Akka's log on the node's Microsoft.Extensions.Logging log: each event once, with the host
/// logger's timestamp only (Akka's own <c>[INFO][date][thread][source]</c> prefix is left out), under
/// the category of the class that logged it (<c>Akka.Remote.EndpointWriter</c>…), so the usual
/// category filters apply — <c>serve</c> keeps Akka.Remote's per-connection chatter below Information.
/// </summary>
public sealed class NodeLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    // Akka.Cluster's note for a node without seed nodes: this node joins itself at once (serve does), so it would mislead.
    private const string NoSeedNodes = "No seed-nodes configured, manual cluster join required";

    private readonly ILoggerFactory? _factory = Context.System.Settings.Setup.Get<LoggerFactorySetup>().Value?.LoggerFactory;
    private readonly bool _joinsItself = Context.System.Settings.Config.GetStringList("akka.cluster.seed-nodes", []).Count == 0;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent e:
                Write(e);
                return true;
            default:
                return false;
        }
    }

    private void Write(LogEvent e)
    {
        if (_factory is null)
        {
            Console.Error.WriteLine(e.ToString());
            return;
        }
        var category = Category(e);
        var logger = _factory.CreateLogger(category);
        var level = Level(e.LogLevel());
        if (!logger.IsEnabled(level)) return;
        var text = e.Message?.ToString() ?? "";
        if (_joinsItself && e.LogLevel() == AkkaLogLevel.InfoLevel && text.EndsWith(NoSeedNodes, StringComparison.Ordinal)) return;
        // The actor or source it came from, when it says more than the category.
        var source = string.IsNullOrEmpty(e.LogSource) || e.LogSource == category ? "" : $" ({e.LogSource})";
        logger.Log(level, e.Cause, "{Message}{Source}", text, source);
    }

    // The class that logged it; for a log named by a string ("Cluster (akka://hourglass)"), Akka.<that name>.
    private static string Category(LogEvent e)
    {
        // Remoting's own actors, one set per connection: what happens to them (dead letters to a closed
        // connection's writer, after each --via call) is Akka.Remote's business.
        if (e.LogSource?.Contains("/system/endpointManager/", StringComparison.Ordinal) == true) return "Akka.Remote.Endpoints";
        if (e.LogClass is { } type && type.Name != "DummyClassForStringSources") return type.FullName ?? type.Name;
        var source = e.LogSource ?? "";
        var end = source.IndexOf(' ');
        var name = end > 0 ? source[..end] : source;
        return name.Length == 0 || name.Contains("://", StringComparison.Ordinal) ? "Akka" : $"Akka.{char.ToUpperInvariant(name[0])}{name[1..]}";
    }

    private static LogLevel Level(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => LogLevel.Debug,
        AkkaLogLevel.InfoLevel => LogLevel.Information,
        AkkaLogLevel.WarningLevel => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
