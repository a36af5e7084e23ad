using Akka.Actor;

namespace Hourglass;

/// <summary>Routes Hourglass operations to the backend chosen for each sender.</summary>
public sealed class ClientBackendActor : ReceiveActor
{
}
