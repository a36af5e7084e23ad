using System.Collections.Frozen;
using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.Remote.Serialization;
using Akka.Util;

namespace Hourglass.Serialization.Guards;

/// <summary>
/// System messages (<c>akka-system-msg</c>, id 22). Remote DeathWatch is admitted — another node
/// watching or unwatching an actor here, and its notice that one of its own actors stopped — and
/// nothing else: Akka's untrusted mode drops only <c>Terminate</c>, so without this guard a peer
/// could suspend, restart or stop any actor whose path it knows.
/// </summary>
/// <remarks>
/// Even DeathWatch is checked for who is who: a <c>Watch</c> from another node makes a local actor
/// the watchee, never the watcher (which would make it watch, and die of an unhandled
/// <c>Terminated</c>); a stop notice names an actor of another node, never a local one (which
/// would make a parent forget a live child).
/// </remarks>
internal sealed class SystemMessageGuard(ExtendedActorSystem system)
    : GuardedSerializer(system, "akka-system-msg", 22, () => new SystemMessageSerializer(system))
{
    // The manifests Akka writes for them: the type's name without version (SystemMessageSerializer includes manifests).
    private static readonly FrozenDictionary<string, Type> Admitted =
        new[] { typeof(Watch), typeof(Unwatch), typeof(DeathWatchNotification) }
            .ToFrozenDictionary(t => t.TypeQualifiedName(), StringComparer.Ordinal);

    /// <inheritdoc />
    protected override object? Read(byte[] bytes, string manifest)
    {
        if (!Admitted.TryGetValue(manifest, out var type))
            throw Refuse(manifest, "only remote DeathWatch (Watch, Unwatch, DeathWatchNotification) is taken from another node; " +
                "other system messages suspend, restart or stop actors");
        var message = Inner.FromBinary(bytes, type);
        return message switch
        {
            Watch { Watcher.IsLocal: true } or Unwatch { Watcher.IsLocal: true } =>
                throw Refuse(manifest, "the watcher must be the other node's actor, not one of this node's"),
            Watch { Watchee.IsLocal: false } or Unwatch { Watchee.IsLocal: false } =>
                throw Refuse(manifest, "the watched actor must be one of this node's"),
            DeathWatchNotification { Actor: IInternalActorRef { IsLocal: true } } =>
                throw Refuse(manifest, "only the other node's own actors can be reported stopped by it"),
            _ => message,
        };
    }
}
