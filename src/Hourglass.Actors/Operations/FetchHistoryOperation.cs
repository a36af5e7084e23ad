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
    /// <summary><see cref="FetchHistory"/> → GetWorkflowExecutionHistory, every page → <see cref="HistoryFetched"/>.</summary>
    internal sealed class FetchHistoryOperation : BackendOperation<FetchHistory, HistoryFetched>
    {
        protected override void Validate(FetchHistory f, ref Validator v) => v.Handle(f.Handle, nameof(FetchHistory.Handle));

        protected override FetchHistory Defaults(FetchHistory f, HourglassSettings settings)
        {
            var handle = Resolve(f.Handle, settings);
            return ReferenceEquals(handle, f.Handle) ? f : f with { Handle = handle };
        }

        // Every page, following next_page_token, never waiting for new events.
        protected override async ValueTask<HistoryFetched> ExecuteAsync(FetchHistory f, ITemporalService temporal, OperationContext context)
        {
            var history = new History();
            var token = ByteString.Empty;
            do
            {
                var page = await temporal.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
                {
                    Namespace = f.Handle.Namespace,
                    Execution = TemporalRequests.Execution(f.Handle),
                    WaitNewEvent = false,
                    HistoryEventFilterType = HistoryEventFilterType.AllEvent,
                    NextPageToken = token,
                }, context.Stopping).ConfigureAwait(false);
                if (page.History is not null) history.Events.AddRange(page.History.Events);
                token = page.NextPageToken;
            }
            while (!token.IsEmpty);
            return new HistoryFetched(f.Handle, history);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<FetchHistory, P.FetchHistory>("FH", P.FetchHistory.Parser,
                m => new P.FetchHistory { Handle = Write(m.Handle) },
                p => new FetchHistory(Read(p.Handle))),
            MessageCodec.Of<HistoryFetched, P.HistoryFetched>("HF", P.HistoryFetched.Parser,
                m =>
                {
                    var p = new P.HistoryFetched { Handle = Write(m.Handle) };
                    if (m.History is not null) p.History = Bytes(m.History);
                    return p;
                },
                p => new HistoryFetched(Read(p.Handle), p.HasHistory ? History.Parser.ParseFrom(p.History) : null!)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Reads a workflow's whole history.</summary>
        public static async Task<History> FetchHistoryAsync(this IActorRef hourglass, WorkflowHandle handle,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, new FetchHistory(handle), timeout, cancellationToken).ConfigureAwait(false)).History;
    }
}
