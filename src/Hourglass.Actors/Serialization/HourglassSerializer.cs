using System.Collections.Frozen;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.Operations;
using Hourglass.Protocol;
using Hourglass.Serialization.Guards;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Serialization;

/// <summary>
/// Serializes every Hourglass message that may cross a cluster node (<see cref="IHourglassMessage"/>)
/// with Google.Protobuf. Each message has a short constant manifest and one codec: the operation
/// table's for operations and their replies, <see cref="CoreCodecs"/> for the router's own
/// messages, <see cref="MockCodecs"/> for the mock's. Temporal API messages inside (payloads,
/// failures, histories, describe responses) travel as their own protobuf bytes; actor references
/// as their serialized paths. Bound to the marker interface in <c>hocon/hourglass.conf</c> as
/// <c>hourglass</c>.
/// </summary>
/// <remarks>
/// A <see cref="MockExpectation"/>, <see cref="HandleQuery"/> and <see cref="HandleUpdate"/> hold a
/// delegate and are refused. Inside an <see cref="OperationFailed"/> (the mock refusing one) they travel
/// as a summary — a script line's operation manifest and times, a handler's handle and name — and the
/// delegate on the other side is a stand-in that throws. No type name from the wire is ever resolved.
/// </remarks>
public sealed class HourglassSerializer : SerializerWithStringManifest, IWireContext
{
    /// <summary>
    /// The identifier used unless <c>akka.actor.serialization-identifiers</c> names another one for
    /// this serializer. Every node of a cluster must agree on it.
    /// </summary>
    public const int DefaultIdentifier = 6110;

    /// <summary>The name the serializer is registered under in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "hourglass";

    /// <summary>Only inside an <see cref="OperationFailed"/>: a summary of the refused script line.</summary>
    internal const string MockExpectationManifest = "MEX";

    /// <summary>Only inside an <see cref="OperationFailed"/>: a refused <see cref="HandleQuery"/>.</summary>
    internal const string HandleQueryManifest = "MHQ";

    /// <summary>Only inside an <see cref="OperationFailed"/>: a refused <see cref="HandleUpdate"/>.</summary>
    internal const string HandleUpdateManifest = "MHU";

    // Messages that hold a delegate: refused on their own, summarized inside an OperationFailed.
    private static readonly IReadOnlyList<LocalOnly> LocalOnlyMessages =
    [
        new(typeof(MockExpectation), MockExpectationManifest, "script the mock on the node that runs it",
            m => Summary((MockExpectation)m), bytes => Read(P.MockExpectationSummary.Parser.ParseFrom(bytes))),
        new(typeof(HandleQuery), HandleQueryManifest, "register the handler on the node that runs the mock, or send AnswerQuery",
            m => HandlerSummary(((HandleQuery)m).Handle, ((HandleQuery)m).QueryType),
            bytes =>
            {
                var p = P.HandlerSummary.Parser.ParseFrom(bytes);
                return new HandleQuery(WireFormat.Read(p.Handle), WireFormat.Str(p.HasName, p.Name)!, _ => throw HandlerLeftBehind());
            }),
        new(typeof(HandleUpdate), HandleUpdateManifest, "register the handler on the node that runs the mock, or send AnswerUpdate",
            m => HandlerSummary(((HandleUpdate)m).Handle, ((HandleUpdate)m).UpdateName),
            bytes =>
            {
                var p = P.HandlerSummary.Parser.ParseFrom(bytes);
                return new HandleUpdate(WireFormat.Read(p.Handle), WireFormat.Str(p.HasName, p.Name)!, _ => throw HandlerLeftBehind());
            }),
    ];

    private static readonly FrozenDictionary<Type, LocalOnly> LocalOnlyByType = LocalOnlyMessages.ToFrozenDictionary(l => l.Type);

    private static readonly FrozenDictionary<string, LocalOnly> LocalOnlyByManifest = LocalOnlyMessages.ToFrozenDictionary(l => l.Manifest, StringComparer.Ordinal);

    /// <summary>Every codec, each message once.</summary>
    internal static readonly IReadOnlyList<MessageCodec> Codecs =
        [.. OperationTable.Codecs, .. CoreCodecs.All, .. MockCodecs.All];

    private static readonly FrozenDictionary<string, MessageCodec> ByManifest = Codecs.ToFrozenDictionary(c => c.Manifest, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, MessageCodec> ByType = Codecs.ToFrozenDictionary(c => c.Type);

    /// <summary>Every message type this serializer carries, by manifest.</summary>
    internal static IReadOnlyDictionary<string, Type> ManifestTypes { get; } = Codecs.ToFrozenDictionary(c => c.Manifest, c => c.Type, StringComparer.Ordinal);

    private readonly ExtendedActorSystem _system;

    /// <summary>Creates the serializer; Akka calls this with the system it serves.</summary>
    public HourglassSerializer(ExtendedActorSystem system) : base(system)
    {
        _system = system;
        Identifier = ConfiguredIdentifier(system) ?? DefaultIdentifier;
    }

    /// <inheritdoc />
    public override int Identifier { get; }

    /// <inheritdoc />
    public override string Manifest(object o) =>
        LocalOnlyByType.TryGetValue(o.GetType(), out var local) ? local.Manifest
        : ByType.TryGetValue(o.GetType(), out var codec) ? codec.Manifest
        : throw CannotSerialize(o);

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        if (LocalOnlyByType.TryGetValue(obj.GetType(), out var local)) throw StaysOnItsNode(obj, local);
        if (!ByType.TryGetValue(obj.GetType(), out var codec)) throw CannotSerialize(obj);
        return codec.Write(obj, this).ToByteArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            if (ByManifest.TryGetValue(manifest, out var codec)) return codec.Read(bytes, this);
        }
        catch (SerializationException)
        {
            throw;
        }
        catch (Exception e)
        {
            // Corrupt or truncated bytes, or values no message can hold: refuse the message, never the node.
            throw new SerializationException(
                $"Cannot deserialize an Hourglass message with manifest [{GuardedSerializer.Shown(manifest)}]: {e.GetType().Name}: {e.Message}", e);
        }
        throw LocalOnlyByManifest.TryGetValue(manifest, out var local)
            ? new SerializationException($"Manifest [{manifest}] ({local.Type.Name}) travels only inside an {nameof(OperationFailed)}")
            : new SerializationException($"Unknown manifest [{GuardedSerializer.Shown(manifest)}] for {nameof(HourglassSerializer)} (id {Identifier}): " +
                "the sending node may run a newer Hourglass, or the bytes are not an Hourglass message");
    }

    // ---- IWireContext ----

    string? IWireContext.PathOf(IActorRef? actor) => actor is null ? null : Akka.Serialization.Serialization.SerializedActorPath(actor);

    IActorRef IWireContext.Resolve(string path) => _system.Provider.ResolveActorRef(path);

    P.Nested? IWireContext.Nest(IHourglassRequest? request)
    {
        if (request is null) return null;
        if (LocalOnlyByType.TryGetValue(request.GetType(), out var local))
            return new P.Nested { Manifest = local.Manifest, Message = local.Summary(request).ToByteString() };
        return new P.Nested { Manifest = Manifest(request), Message = UnsafeByteOperations.UnsafeWrap(ToBinary(request)) };
    }

    T? IWireContext.Unnest<T>(P.Nested? nested, string what) where T : class
    {
        if (nested is null) return null;
        if (LocalOnlyByManifest.TryGetValue(nested.Manifest, out var local) && typeof(T).IsAssignableFrom(local.Type))
            return (T)local.Read(nested.Message);
        // Check the type before reading, so crafted bytes cannot nest messages without end.
        if (!ByManifest.TryGetValue(nested.Manifest, out var codec) || !typeof(T).IsAssignableFrom(codec.Type))
            throw new SerializationException($"{what} must be an {typeof(T).Name}, not manifest [{GuardedSerializer.Shown(nested.Manifest)}]");
        return (T)codec.Read(nested.Message.ToByteArray(), this);
    }

    // ---- a refused script line ----

    private static P.MockExpectationSummary Summary(MockExpectation line)
    {
        var p = new P.MockExpectationSummary { HasResponder = line.Responder is not null };
        if (line.OperationType is { } type && ByType.TryGetValue(type, out var codec)) p.OperationType = codec.Manifest;
        if (line.Times is { } times) p.Times = times;
        return p;
    }

    // Only manifests of this serializer's own messages are read; a type this side does not know
    // becomes IBackendOperation. No name from the wire reaches Type.GetType.
    private static MockExpectation Read(P.MockExpectationSummary p)
    {
        var type = p.HasOperationType && ByManifest.TryGetValue(p.OperationType, out var codec) ? codec.Type : typeof(IBackendOperation);
        return new MockExpectation(type, p.HasTimes ? p.Times : null, p.HasResponder ? ResponderLeftBehind : null);
    }

    private static object ResponderLeftBehind(IBackendOperation operation) =>
        throw new InvalidOperationException(
            $"this script line's responder stayed on the node that refused it; it cannot answer {operation.GetType().Name} here");

    // ---- helpers ----

    private static int? ConfiguredIdentifier(ExtendedActorSystem system)
    {
        var identifiers = system.Settings.Config.GetConfig("akka.actor.serialization-identifiers");
        if (identifiers is null || identifiers.IsEmpty) return null;
        foreach (var (typeName, value) in identifiers.AsEnumerable())
        {
            if (NamesThisSerializer(typeName)) return value.GetInt();
        }
        return null;
    }

    // Compares names rather than resolving every key to a type, which could load other assemblies.
    private static bool NamesThisSerializer(string typeName)
    {
        var parts = typeName.Split(',');
        return parts[0].Trim() == typeof(HourglassSerializer).FullName
            && (parts.Length == 1 || parts[1].Trim() == typeof(HourglassSerializer).Assembly.GetName().Name);
    }

    private static SerializationException StaysOnItsNode(object message, LocalOnly local) =>
        new($"{local.Type.Name} ({message}) holds a delegate and cannot leave its node; {local.Advice}");

    private static P.HandlerSummary HandlerSummary(WorkflowHandle? handle, string? name)
    {
        var p = new P.HandlerSummary { Handle = WireFormat.Write(handle) };
        if (name is not null) p.Name = name;
        return p;
    }

    private static InvalidOperationException HandlerLeftBehind() =>
        new("this handler stayed on the node that refused it; it cannot answer here");

    /// <summary>A message that holds a delegate: its summary manifest, what to do instead, and its summary both ways.</summary>
    private sealed record LocalOnly(Type Type, string Manifest, string Advice, Func<object, IMessage> Summary, Func<ByteString, object> Read);

    private static SerializationException CannotSerialize(object? obj) =>
        new($"{nameof(HourglassSerializer)} cannot serialize {obj?.GetType().FullName ?? "null"}: it carries only Hourglass messages");
}
