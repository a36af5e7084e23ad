using Akka.Actor;

namespace Hourglass.Backends.Mock;

/// <summary>
/// What a mock backend keeps across restarts: its in-memory Temporal and the senders' scripts.
/// One instance per mock backend; hand the same one to a restarted actor.
/// </summary>
public sealed class MockBackendState
{
    /// <summary>State over <paramref name="temporal"/>.</summary>
    public MockBackendState(InMemoryTemporal temporal) => Temporal = temporal ?? throw new ArgumentNullException(nameof(temporal));

    /// <summary>The in-memory Temporal the mock serves from.</summary>
    public InMemoryTemporal Temporal { get; }

    internal MockScripts Scripts { get; } = new();

    internal ScriptedSenders Scripted { get; } = new();
}

/// <summary>
/// The senders that have sent the mock a script line since their last reset. The router serves the
/// other senders' mock operations and controls itself; these go on to the mock actor, which keeps
/// the scripts, so that each takes effect in the order it was sent. The router adds and removes
/// senders as it passes their lines and resets on; the mock actor removes a sender that died.
/// </summary>
internal sealed class ScriptedSenders
{
    private readonly HashSet<IActorRef> _senders = new();
    // Read without the lock on every operation: no sender has a script, the common case.
    private volatile int _count;

    public bool Contains(IActorRef sender)
    {
        if (_count == 0) return false;
        lock (_senders) return _senders.Contains(sender);
    }

    public void Add(IActorRef sender)
    {
        lock (_senders)
        {
            _senders.Add(sender);
            _count = _senders.Count;
        }
    }

    public void Remove(IActorRef sender)
    {
        lock (_senders)
        {
            _senders.Remove(sender);
            _count = _senders.Count;
        }
    }
}
