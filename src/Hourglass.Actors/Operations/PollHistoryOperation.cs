using Akka.Actor;
using Google.Protobuf;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary><see cref="PollHistory"/> → GetWorkflowExecutionHistory with <c>wait_new_event</c> → <see cref="HistoryPolled"/>.</summary>
    internal sealed class PollHistoryOperation : BackendOperation<PollHistory, HistoryPolled>
    {
        /// <summary>Larger than any token a server makes (a serialized HistoryContinuation).</summary>
        public const int MaxTokenBytes = 64 * 1024;

        public override bool IsLongPoll => true;

        protected override void Validate(PollHistory p, ref Validator v)
        {
            v.Handle(p.Handle, nameof(PollHistory.Handle));
            if (p.Filter is not (HistoryEventFilterType.AllEvent or HistoryEventFilterType.CloseEvent))
                v.Fail(nameof(PollHistory.Filter), $"must be AllEvent or CloseEvent (got {p.Filter})");
            if (p.NextPageToken is null) v.Fail(nameof(PollHistory.NextPageToken), "is required (empty for the start)");
            v.Token(p.NextPageToken, nameof(PollHistory.NextPageToken), MaxTokenBytes);
        }

        protected override PollHistory Defaults(PollHistory p, HourglassSettings settings)
        {
            var handle = Resolve(p.Handle, settings);
            return ReferenceEquals(handle, p.Handle) ? p : p with { Handle = handle };
        }

        protected override async ValueTask<HistoryPolled> ExecuteAsync(PollHistory p, ITemporalService temporal, OperationContext context)
        {
            var page = await temporal.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
            {
                Namespace = p.Handle.Namespace,
                Execution = TemporalRequests.Execution(p.Handle),
                WaitNewEvent = true,
                HistoryEventFilterType = p.Filter,
                NextPageToken = p.NextPageToken,
                SkipArchival = true,
            }, context.Stopping).ConfigureAwait(false);
            return new HistoryPolled(p.Handle, page.History?.Events.ToArray() ?? [], page.NextPageToken);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<PollHistory, P.PollHistory>("PH", P.PollHistory.Parser,
                m =>
                {
                    var p = new P.PollHistory { Handle = Write(m.Handle), Filter = (int)m.Filter };
                    if (m.NextPageToken is not null) p.NextPageToken = m.NextPageToken;
                    return p;
                },
                p => new PollHistory(Read(p.Handle))
                {
                    Filter = (HistoryEventFilterType)p.Filter,
                    NextPageToken = p.HasNextPageToken ? p.NextPageToken : null!,
                }),
            MessageCodec.Of<HistoryPolled, P.HistoryPolled>("HP", P.HistoryPolled.Parser,
                m =>
                {
                    var p = new P.HistoryPolled { Handle = Write(m.Handle), NextPageToken = m.NextPageToken ?? ByteString.Empty };
                    if (m.Events is not null)
                    {
                        var history = new History();
                        foreach (var e in m.Events) history.Events.Add(e ?? throw NullElement("HistoryPolled.Events"));
                        p.Events = Bytes(history);
                    }
                    return p;
                },
                p => new HistoryPolled(Read(p.Handle), p.HasEvents ? History.Parser.ParseFrom(p.Events).Events.ToArray() : null!, p.NextPageToken)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>One long poll of a workflow's history; returns what it brought (possibly nothing, with a token to poll again).</summary>
        public static Task<HistoryPolled> PollHistoryAsync(this IActorRef hourglass, PollHistory poll,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, poll, timeout ?? TimeSpan.FromSeconds(90), cancellationToken);
    }
}
