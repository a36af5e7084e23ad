using Akka.Actor;
using Akka.Remote.Serialization;

namespace Hourglass.Serialization.Guards;

/// <summary>
/// Actor selections (<c>akka-containers</c>, id 6): how the cluster, the cluster-aware router and
/// <c>--via</c> reach actors by path. They carry no manifest, so one that has a manifest is not
/// Akka's and is refused. The message inside is read by its own serializer, guarded too; Akka's
/// untrusted mode then delivers the selection only to <c>akka.remote.trusted-selection-paths</c>.
/// </summary>
internal sealed class MessageContainerGuard(ExtendedActorSystem system)
    : GuardedSerializer(system, "akka-containers", 6, () => new MessageContainerSerializer(system))
{
    /// <inheritdoc />
    protected override object? Read(byte[] bytes, string manifest) =>
        manifest.Length == 0 ? Inner.FromBinary(bytes, null) : throw Refuse(manifest, "an actor selection carries no manifest");
}
