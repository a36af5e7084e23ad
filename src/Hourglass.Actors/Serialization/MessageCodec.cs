using Google.Protobuf;
using Empty = Google.Protobuf.WellKnownTypes.Empty;

namespace Hourglass.Serialization;

/// <summary>
/// How one Hourglass message travels between nodes: its short manifest and the mapping to and
/// from its protobuf message in <c>hourglass.proto</c>. Each message has exactly one codec; the
/// operation that owns the message declares it (or the serializer, for messages of no operation).
/// </summary>
internal abstract class MessageCodec(Type type, string manifest)
{
    /// <summary>The Hourglass message type.</summary>
    public Type Type { get; } = type;

    /// <summary>The Akka manifest that names it on the wire.</summary>
    public string Manifest { get; } = manifest;

    /// <summary>The message as its protobuf form.</summary>
    public abstract IMessage Write(object message, IWireContext wire);

    /// <summary>The message read back from its protobuf bytes.</summary>
    public abstract object Read(byte[] bytes, IWireContext wire);

    /// <summary>A codec mapping <typeparamref name="TMessage"/> to and from <typeparamref name="TProto"/>.</summary>
    public static MessageCodec Of<TMessage, TProto>(string manifest, MessageParser<TProto> parser,
        Func<TMessage, IWireContext, TProto> write, Func<TProto, IWireContext, TMessage> read)
        where TMessage : class where TProto : IMessage<TProto> =>
        new Typed<TMessage, TProto>(manifest, parser, write, read);

    /// <summary>A codec whose mapping needs nothing from the serializer.</summary>
    public static MessageCodec Of<TMessage, TProto>(string manifest, MessageParser<TProto> parser,
        Func<TMessage, TProto> write, Func<TProto, TMessage> read)
        where TMessage : class where TProto : IMessage<TProto> =>
        new Typed<TMessage, TProto>(manifest, parser, (m, _) => write(m), (p, _) => read(p));

    /// <summary>A codec for a message with one instance and no fields: its bytes are empty.</summary>
    public static MessageCodec Singleton<TMessage>(string manifest, TMessage instance) where TMessage : class =>
        new Typed<TMessage, Empty>(manifest, Empty.Parser, (_, _) => new Empty(), (_, _) => instance);

    private sealed class Typed<TMessage, TProto>(string manifest, MessageParser<TProto> parser,
        Func<TMessage, IWireContext, TProto> write, Func<TProto, IWireContext, TMessage> read)
        : MessageCodec(typeof(TMessage), manifest)
        where TMessage : class where TProto : IMessage<TProto>
    {
        public override IMessage Write(object message, IWireContext wire) => write((TMessage)message, wire);

        public override object Read(byte[] bytes, IWireContext wire) => read(parser.ParseFrom(bytes), wire);
    }
}

/// <summary>What a codec may need from the serializer: actor references and messages nested in messages.</summary>
internal interface IWireContext
{
    /// <summary>An actor reference as its serialized path; null stays null.</summary>
    string? PathOf(Akka.Actor.IActorRef? actor);

    /// <summary>The actor a serialized path names on this node.</summary>
    Akka.Actor.IActorRef Resolve(string path);

    /// <summary>A request inside a message: its manifest and bytes.</summary>
    Proto.Nested? Nest(Protocol.IHourglassRequest? request);

    /// <summary>A nested request read back, refused unless it is a <typeparamref name="T"/>.</summary>
    T? Unnest<T>(Proto.Nested? nested, string what) where T : class, Protocol.IHourglassRequest;
}
