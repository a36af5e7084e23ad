using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;
using Akka.Serialization;

namespace Hourglass.Serialization.Guards;

/// <summary>
/// One of Akka's own serializers, kept under its identifier but behind a check of what arrives:
/// the remote guard (<c>hocon/remote-guard.conf</c>) binds each of Akka's serializer names to one
/// of these. Outgoing messages are written by the wrapped serializer, unchanged on the wire; an
/// incoming one is read only when its manifest is one the guard admits, and the guard never
/// resolves a name from the wire as a type.
/// </summary>
/// <remarks>
/// A guard is a <see cref="SerializerWithStringManifest"/> even where Akka's own serializer is
/// not: Akka hands such a serializer the wire's manifest as it is, where for the others it first
/// resolves the manifest as a type name (<c>TypeCache.GetType</c>). A generic type name nested
/// 16,000 deep (600 kB) takes a second of CPU to resolve, stays loaded and cached for good, and
/// overflows the stack wherever the type's name is printed — Akka's protobuf and system-message
/// serializers print it in their error, ending the process. A refused message is
/// logged here (its manifest shortened) and thrown as a <see cref="SerializationException"/>,
/// which Akka.Remote logs and drops; the association stays up.
/// <para>
/// A local round trip is not from the wire: with <c>akka.actor.serialize-messages = on</c> (tests)
/// Akka writes a local message and at once reads the same array back on the same thread, and a
/// guard reads what it has just written itself. Bytes from another node are always a fresh array.
/// With serialize-messages off (production) a guard keeps nothing and reads nothing this way.
/// </para>
/// </remarks>
internal abstract class GuardedSerializer : SerializerWithStringManifest
{
    // Enough to recognise a manifest in the log; a hostile one may be megabytes long.
    private const int ShownManifestLength = 120;

    // The array this thread's guards wrote last: reading it back is serialize-messages' local round trip.
    [ThreadStatic]
    private static byte[]? t_lastWritten;

    private readonly Lazy<Serializer> _inner;
    private readonly bool _localRoundTrips;
    private ILoggingAdapter? _log;

    /// <summary>Creates the guard of the serializer <paramref name="inner"/> makes, known to Akka as <paramref name="name"/>.</summary>
    /// <param name="system">The system whose serializer it is.</param>
    /// <param name="name">The serializer's name in <c>akka.actor.serializers</c>, for the log.</param>
    /// <param name="identifier">Akka's identifier of the wrapped serializer, which the guard keeps.</param>
    /// <param name="inner">Makes the wrapped serializer, on first use.</param>
    protected GuardedSerializer(ExtendedActorSystem system, string name, int identifier, Func<Serializer> inner) : base(system)
    {
        Name = name;
        Identifier = identifier;
        _inner = new Lazy<Serializer>(inner);
        _localRoundTrips = system.Settings.SerializeAllMessages;
    }

    /// <summary>The serializer's name in <c>akka.actor.serializers</c>.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override int Identifier { get; }

    /// <summary>The wrapped serializer, which writes every message and reads the admitted ones.</summary>
    protected Serializer Inner => _inner.Value;

    /// <summary>The manifest the wrapped serializer's messages carry on the wire, so nodes without the guard read them as before.</summary>
    public override string Manifest(object o) => Akka.Serialization.Serialization.ManifestFor(Inner, o);

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        var bytes = Inner.ToBinary(obj);
        if (_localRoundTrips) t_lastWritten = bytes;
        return bytes;
    }

    /// <inheritdoc />
    public sealed override object? FromBinary(byte[] bytes, string manifest)
    {
        if (!_localRoundTrips || !ReferenceEquals(bytes, t_lastWritten)) return Read(bytes, manifest ?? "");
        // What this thread has just written (a local message checked by serialize-messages): the wrapped serializer reads it.
        t_lastWritten = null;
        return Inner switch
        {
            SerializerWithStringManifest strings => strings.FromBinary(bytes, manifest ?? ""),
            _ when string.IsNullOrEmpty(manifest) => Inner.FromBinary(bytes, null),
            _ => Inner.FromBinary(bytes, Akka.Util.Reflection.TypeCache.GetType(manifest)),
        };
    }

    /// <summary>Reads an arriving message whose manifest the guard admits, or throws <see cref="Refuse"/>'s exception.</summary>
    protected abstract object? Read(byte[] bytes, string manifest);

    /// <summary>Logs the refusal of a message and returns the exception to throw.</summary>
    /// <param name="manifest">The wire's manifest (shortened in the log and the exception).</param>
    /// <param name="why">Why such a message is not taken from another node.</param>
    protected SerializationException Refuse(string manifest, string why)
    {
        var message = $"Hourglass remote guard refused a message: serializer {Name} (id {Identifier}), manifest [{Shown(manifest)}]: {why}";
        _log ??= Logging.GetLogger(system, typeof(GuardedSerializer));
        _log.Warning(message);
        return new SerializationException(message);
    }

    /// <summary>The manifest as the log shows it: one line of at most 120 characters, control characters as '?', the rest counted.</summary>
    internal static string Shown(string manifest)
    {
        var head = manifest.Length <= ShownManifestLength ? manifest : manifest[..ShownManifestLength];
        var line = string.Create(head.Length, head, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++) span[i] = char.IsControl(text[i]) ? '?' : text[i];
        });
        return manifest.Length <= ShownManifestLength ? line : $"{line}… ({manifest.Length} characters)";
    }
}
