using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Hourglass.Serialization.Guards;

/// <summary>
/// The guard of a serializer nothing Hourglass or Akka.Cluster needs reads from another node: it
/// writes as the wrapped serializer does and refuses every message that arrives for it.
/// </summary>
internal abstract class RefusingSerializer(ExtendedActorSystem system, string name, int identifier, string why, Func<Serializer> inner)
    : GuardedSerializer(system, name, identifier, inner)
{
    /// <inheritdoc />
    protected override object? Read(byte[] bytes, string manifest) => throw Refuse(manifest, why);
}

/// <summary>
/// Akka's default serializer (<c>json</c>, id 1, Newtonsoft with type names in the payload), which
/// would build any type a peer names — Hourglass's private messages included.
/// </summary>
internal sealed class JsonGuard : RefusingSerializer
{
    private const string Why = "Akka's JSON serializer builds whatever type the payload names, private messages included; " +
        "a guarded node takes only the Hourglass protocol (HourglassSerializer) and Akka's cluster messages";

    /// <summary>The guard as Akka makes it when <c>akka.actor.serialization-settings.json</c> exists (it does).</summary>
    public JsonGuard(ExtendedActorSystem system, Config config)
        : base(system, "json", 1, Why, () => new NewtonSoftJsonSerializer(system, config)) { }

    /// <summary>The guard without serializer settings.</summary>
    public JsonGuard(ExtendedActorSystem system)
        : base(system, "json", 1, Why, () => new NewtonSoftJsonSerializer(system)) { }
}

/// <summary>
/// Raw byte arrays (<c>bytes</c>, id 4). Akka writes them without a manifest, and they still read
/// as byte arrays; one with a manifest is refused rather than resolved.
/// </summary>
internal sealed class ByteArrayGuard(ExtendedActorSystem system)
    : GuardedSerializer(system, "bytes", 4, () => new ByteArraySerializer(system))
{
    /// <inheritdoc />
    protected override object? Read(byte[] bytes, string manifest) =>
        manifest.Length == 0 ? bytes : throw Refuse(manifest, "a byte array carries no manifest");
}

/// <summary>Bare protobuf messages (<c>proto</c>, id 2), whose type the wire names.</summary>
internal sealed class ProtobufGuard(ExtendedActorSystem system)
    : RefusingSerializer(system, "proto", 2, "a bare protobuf message names its own type; Hourglass messages travel with HourglassSerializer",
        () => new Akka.Remote.Serialization.ProtobufSerializer(system));

/// <summary>Remote deployment (<c>daemon-create</c>, id 3), which names the actor class to create.</summary>
internal sealed class DaemonCreateGuard(ExtendedActorSystem system)
    : RefusingSerializer(system, "daemon-create", 3, "remote deployment is not accepted (it names the actor class to create)",
        () => new Akka.Remote.Serialization.DaemonMsgCreateSerializer(system));

/// <summary>Akka.Delivery's messages (<c>reliable-delivery</c>, id 36), which name payload types; Hourglass does not use it.</summary>
internal sealed class ReliableDeliveryGuard(ExtendedActorSystem system)
    : RefusingSerializer(system, "reliable-delivery", 36, "Akka.Delivery is not used between Hourglass nodes (its messages name types)",
        () => Internal(system))
{
    // Akka.Cluster's serializer is internal: made by its name, as Akka makes it from config.
    private const string TypeName = "Akka.Cluster.Serialization.ReliableDeliverySerializer, Akka.Cluster";

    private static Serializer Internal(ExtendedActorSystem system) =>
        Type.GetType(TypeName) is { } type && Activator.CreateInstance(type, system) is Serializer serializer
            ? serializer
            : throw new InvalidOperationException($"{TypeName} is not in Akka.Cluster");
}

/// <summary>Akka.Streams' stream references (<c>akka-stream-ref</c>, id 30), which name types; Hourglass does not use them.</summary>
internal sealed class StreamRefGuard(ExtendedActorSystem system)
    : RefusingSerializer(system, "akka-stream-ref", 30, "stream references are not used between Hourglass nodes (they name types)",
        () => new Akka.Streams.Serialization.StreamRefSerializer(system));

/// <summary>
/// The serializer of null (<c>null</c>, id 0). Akka nests a null payload as id 0 with no manifest;
/// that still reads as null, anything with a manifest is refused rather than resolved.
/// </summary>
internal sealed class NullGuard(ExtendedActorSystem system)
    : GuardedSerializer(system, "null", 0, () => new NullSerializer(system))
{
    /// <inheritdoc />
    protected override object? Read(byte[] bytes, string manifest) =>
        manifest.Length == 0 ? null : throw Refuse(manifest, "null carries no manifest");
}
