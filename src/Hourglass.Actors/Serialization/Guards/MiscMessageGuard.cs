using System.Collections.Frozen;
using Akka.Actor;
using Akka.Remote.Serialization;

namespace Hourglass.Serialization.Guards;

/// <summary>
/// Akka.Remote's small messages (<c>akka-misc</c>, id 16). Admitted: <c>Identify</c> and
/// <c>ActorIdentity</c> (how <c>--via</c> and <c>ResolveOne</c> find the router), actor references,
/// and the remote watcher's heartbeats. Refused: <c>PoisonPill</c> and <c>Kill</c> (Akka's untrusted
/// mode drops a PoisonPill but not a Kill), <c>Status</c> replies (Hourglass answers with its own
/// messages; a <c>Status.Failure</c> names an exception type the reader would resolve), and the
/// scopes, configs and router configs of remote deployment.
/// </summary>
internal sealed class MiscMessageGuard(ExtendedActorSystem system)
    : GuardedSerializer(system, "akka-misc", 16, () => new MiscMessageSerializer(system))
{
    // MiscMessageSerializer's manifests (Akka.Remote 1.5).
    private static readonly FrozenSet<string> Admitted = new[] { "ID", "AID", "AR", "RWHB", "RWHR" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Refused = new Dictionary<string, string>
    {
        ["PP"] = "PoisonPill stops the actor; another node may not stop actors here",
        ["K"] = "Kill stops the actor; another node may not kill actors here",
        ["STS"] = "Status.Success is not an Hourglass reply",
        ["STF"] = "Status.Failure is not an Hourglass reply (and names an exception type to resolve)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override object? Read(byte[] bytes, string manifest) =>
        Admitted.Contains(manifest)
            ? ((Akka.Serialization.SerializerWithStringManifest)Inner).FromBinary(bytes, manifest)
            : throw Refuse(manifest, Refused.TryGetValue(manifest, out var why)
                ? why
                : "remote deployment (scopes, configs, router configs) is not accepted, nor is a manifest Akka does not write");
}
