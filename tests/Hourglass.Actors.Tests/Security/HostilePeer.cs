using Akka.Configuration;
using Akka.Serialization;

namespace Hourglass.Tests.Security;

/// <summary>
/// Bytes a hostile peer puts on the wire: sent as <see cref="Forged"/>, they travel under any
/// serializer identifier and manifest, whatever the receiving node binds to that identifier.
/// </summary>
/// <param name="SerializerId">The serializer identifier the envelope names.</param>
/// <param name="Manifest">The manifest it carries.</param>
/// <param name="Bytes">The message bytes.</param>
public sealed record Forged(int SerializerId, string Manifest, byte[] Bytes);

/// <summary>
/// Writes a <see cref="Forged"/> message as the identifier and manifest it names. Akka.Remote reads
/// a serializer's identifier right after <see cref="ToBinary"/> on the same thread (for the
/// envelope and for a payload nested in an actor selection), so the identifier is the one of the
/// message just written.
/// </summary>
public sealed class ForgingSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    [ThreadStatic]
    private static int? t_identifier;

    /// <inheritdoc />
    public override int Identifier => t_identifier ?? 999_001;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        var forged = (Forged)obj;
        t_identifier = forged.SerializerId;
        return forged.Bytes;
    }

    /// <inheritdoc />
    public override string Manifest(object o) => ((Forged)o).Manifest;

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException("a forging peer only sends");
}

/// <summary>
/// A plain ActorSystem on 127.0.0.1 with remoting and none of Hourglass's defences, as anybody who
/// can reach a node's port can run: Akka's defaults (JSON for anything unbound) and a
/// <see cref="ForgingSerializer"/> for <see cref="Forged"/> messages.
/// </summary>
public sealed class HostilePeer : IAsyncDisposable
{
    private HostilePeer(ActorSystem system) => System = system;

    /// <summary>The peer's system.</summary>
    public ActorSystem System { get; }

    /// <summary>Starts a peer; <paramref name="extra"/> is HOCON over its defaults.</summary>
    public static HostilePeer Start(string? extra = null, Akka.Actor.Setup.ActorSystemSetup? setup = null) =>
        Start(extra is null ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(extra), setup);

    /// <summary>Starts a peer with <paramref name="extra"/> over its defaults and, when given, the setup (a certificate).</summary>
    public static HostilePeer Start(Config extra, Akka.Actor.Setup.ActorSystemSetup? setup = null)
    {
        var config = extra.WithFallback(Wire.Remoting());
        var system = setup is null
            ? ActorSystem.Create("hourglass", config)
            : ActorSystem.Create("hourglass", setup.And(BootstrapSetup.Create().WithConfig(config)));
        var forging = new ForgingSerializer((ExtendedActorSystem)system);
        ((ExtendedActorSystem)system).Serialization.AddSerializer("forging", forging);
        ((ExtendedActorSystem)system).Serialization.AddSerializationMap(typeof(Forged), forging);
        return new HostilePeer(system);
    }

    /// <summary>A reference to the actor at <paramref name="path"/>, made up from the path alone (no lookup, no selection).</summary>
    public IActorRef Direct(string path) => ((ExtendedActorSystem)System).Provider.ResolveActorRef(path);

    /// <summary>An actor selection of <paramref name="path"/>.</summary>
    public ActorSelection Selection(string path) => System.ActorSelection(path);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await System.Terminate();
}
