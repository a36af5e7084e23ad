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
}
