using Akka.Actor;

namespace Hourglass.Backends;

/// <summary>
/// Asks a backend to say when it holds no request any more (answered with <see cref="BackendDrained"/>),
/// so a node shutting down lets its operations in flight finish. Local only.
/// </summary>
internal sealed class DrainBackend : INoSerializationVerificationNeeded
{
    public static readonly DrainBackend Instance = new();
}

/// <summary>The backend holds no request: everything it took has been answered.</summary>
internal sealed class BackendDrained : INoSerializationVerificationNeeded
{
    public static readonly BackendDrained Instance = new();
}
