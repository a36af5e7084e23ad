using System.Runtime.Serialization;
using Hourglass.Protocol;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Serialization;

/// <summary>The codecs of the messages no operation owns: failures, backend choice, the router's bookkeeping.</summary>
internal static class CoreCodecs
{
    public static IReadOnlyList<MessageCodec> All { get; } =
    [
        // A reply nobody validates: a receiver takes Request and Error as given, so neither may be missing.
        MessageCodec.Of<OperationFailed, P.OperationFailed>("OF", P.OperationFailed.Parser,
            (m, wire) => new P.OperationFailed
            {
                Request = wire.Nest(m.Request) ?? throw Missing("OperationFailed.Request"),
                Error = Write(m.Error) ?? throw Missing("OperationFailed.Error"),
            },
            (p, wire) => new OperationFailed(
                wire.Unnest<IHourglassRequest>(p.Request, "OperationFailed.Request") ?? throw Missing("OperationFailed.Request"),
                p.Error is null ? throw Missing("OperationFailed.Error") : Read(p.Error))),
        // The request inside is read as any request is (one of this node's manifests), never a TracedRequest again.
        MessageCodec.Of<Telemetry.TracedRequest, P.TracedRequest>("TRQ", P.TracedRequest.Parser,
            (m, wire) =>
            {
                var p = new P.TracedRequest { Request = wire.Nest(m.Request) ?? throw Missing("TracedRequest.Request"), TraceParent = m.TraceParent ?? "" };
                if (m.TraceState is not null) p.TraceState = m.TraceState;
                return p;
            },
            (p, wire) => new Telemetry.TracedRequest(
                wire.Unnest<IHourglassRequest>(p.Request, "TracedRequest.Request") ?? throw Missing("TracedRequest.Request"), p.TraceParent)
            {
                TraceState = p.HasTraceState ? p.TraceState : null,
            }),
        MessageCodec.Of<HourglassError, P.HourglassError>("ERR", P.HourglassError.Parser, m => Write(m)!, Read),
        // The router switches on the backend's kind: one this build does not know is refused here.
        MessageCodec.Of<UseBackend, P.UseBackend>("UB", P.UseBackend.Parser,
            (m, wire) => new P.UseBackend { Backend = WriteChoice(m.Backend, wire) },
            (p, wire) => new UseBackend(ReadChoice(p.Backend is { Kind: var kind } && !Enum.IsDefined((BackendKind)kind)
                ? throw new SerializationException($"UseBackend.Backend.Kind {kind} is not a BackendKind this node knows")
                : p.Backend, wire))),
        MessageCodec.Of<BackendChoice, P.BackendChoice>("BC", P.BackendChoice.Parser, (m, wire) => WriteChoice(m, wire)!, (p, wire) => ReadChoice(p, wire)!),
        MessageCodec.Of<BackendChanged, P.BackendChanged>("BCH", P.BackendChanged.Parser,
            (m, wire) => new P.BackendChanged { Previous = WriteChoice(m.Previous, wire) },
            (p, wire) => new BackendChanged(ReadChoice(p.Previous, wire))),
        MessageCodec.Singleton("GB", GetBackend.Instance),
        MessageCodec.Of<BackendInUse, P.BackendInUse>("BIU", P.BackendInUse.Parser,
            (m, wire) => new P.BackendInUse { Backend = WriteChoice(m.Backend, wire), Source = (int)m.Source },
            (p, wire) => new BackendInUse(ReadChoice(p.Backend, wire)!, (BackendSource)p.Source)),
        MessageCodec.Singleton("GHS", GetHourglassStats.Instance),
        MessageCodec.Of<HourglassStats, P.HourglassStats>("HS", P.HourglassStats.Parser,
            m => new P.HourglassStats { Overrides = m.Overrides, Watched = m.Watched, ActiveQueries = m.ActiveQueries },
            p => new HourglassStats(p.Overrides, p.Watched, p.ActiveQueries)),
    ];

    private static SerializationException Missing(string field) =>
        new($"{field} is missing: an Hourglass failure reply always carries its request and error, a traced request its request");

    private static P.BackendChoice? WriteChoice(BackendChoice? m, IWireContext wire)
    {
        if (m is null) return null;
        var p = new P.BackendChoice { Kind = (int)m.Kind };
        if (wire.PathOf(m.Actor) is { } path) p.ActorPath = path;
        return p;
    }

    private static BackendChoice? ReadChoice(P.BackendChoice? p, IWireContext wire) =>
        p is null ? null : new BackendChoice((BackendKind)p.Kind, p.HasActorPath ? wire.Resolve(p.ActorPath) : null);
}
