using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Status;
using Temporalio.Api.History.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary>
    /// <see cref="WatchWorkflow"/>: ALL_EVENT long polls of the run's history, shared by every watch and
    /// await of the run (<see cref="HistoryPolls"/>) → <see cref="WorkflowEventsAppended"/>… then
    /// <see cref="WorkflowWatchEnded"/>.
    /// </summary>
    internal sealed class WatchWorkflowOperation : WorkflowQueryOperation<WatchWorkflow, WorkflowWatchEnded>
    {
        protected override void Validate(WatchWorkflow w, ref Validator v)
        {
            v.Handle(w.Handle, nameof(WatchWorkflow.Handle));
            if (w.FromEventId < 1) v.Fail(nameof(WatchWorkflow.FromEventId), $"must be 1 or more (got {w.FromEventId})");
        }

        protected override WatchWorkflow Defaults(WatchWorkflow w, HourglassSettings settings)
        {
            var handle = Resolve(w.Handle, settings);
            return ReferenceEquals(handle, w.Handle) ? w : w with { Handle = handle };
        }

        public override void Serve(IWorkflowQuery query, QueryContext context) =>
            context.Polls.Tell(new HistoryPolls.Enlist(query, context.ReplyTo, context.Backend, context.BuiltInBackend, context.Counter) { Kind = context.Kind, Trace = context.Trace });

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<WatchWorkflow, P.WatchWorkflow>("WW", P.WatchWorkflow.Parser,
                m => new P.WatchWorkflow { Handle = Write(m.Handle), FromEventId = m.FromEventId, FollowRuns = m.FollowRuns },
                p => new WatchWorkflow(Read(p.Handle)) { FromEventId = p.FromEventId, FollowRuns = p.FollowRuns }),
            MessageCodec.Of<WorkflowWatchEnded, P.WorkflowWatchEnded>("WWE", P.WorkflowWatchEnded.Parser,
                m => new P.WorkflowWatchEnded { Handle = Write(m.Handle), State = (int)m.State, Unwatched = m.Unwatched },
                p => new WorkflowWatchEnded(Read(p.Handle), (WorkflowState)p.State) { Unwatched = p.Unwatched }),
            MessageCodec.Of<WorkflowEventsAppended, P.WorkflowEventsAppended>("WEA", P.WorkflowEventsAppended.Parser,
                m =>
                {
                    var p = new P.WorkflowEventsAppended { Handle = Write(m.Handle) };
                    if (m.Events is not null)
                    {
                        var history = new History();
                        foreach (var e in m.Events) history.Events.Add(e ?? throw NullElement("WorkflowEventsAppended.Events"));
                        p.Events = Bytes(history);
                    }
                    return p;
                },
                p => new WorkflowEventsAppended(Read(p.Handle), p.HasEvents ? History.Parser.ParseFrom(p.Events).Events.ToArray() : null!)),
        ];
    }

    /// <summary><see cref="UnwatchWorkflow"/>: ends the sender's watches of the handle → <see cref="WorkflowUnwatched"/>.</summary>
    internal sealed class UnwatchWorkflowOperation : WorkflowQueryOperation<UnwatchWorkflow, WorkflowUnwatched>
    {
        public override bool IsCounted => false;

        protected override void Validate(UnwatchWorkflow u, ref Validator v) => v.Handle(u.Handle, nameof(UnwatchWorkflow.Handle));

        protected override UnwatchWorkflow Defaults(UnwatchWorkflow u, HourglassSettings settings)
        {
            var handle = Resolve(u.Handle, settings);
            return ReferenceEquals(handle, u.Handle) ? u : u with { Handle = handle };
        }

        public override void Serve(IWorkflowQuery query, QueryContext context) =>
            context.Polls.Tell(new HistoryPolls.Unwatch((UnwatchWorkflow)query, context.ReplyTo) { Kind = context.Kind, Trace = context.Trace });

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<UnwatchWorkflow, P.UnwatchWorkflow>("UNW", P.UnwatchWorkflow.Parser,
                m => new P.UnwatchWorkflow { Handle = Write(m.Handle) },
                p => new UnwatchWorkflow(Read(p.Handle))),
            MessageCodec.Of<WorkflowUnwatched, P.WorkflowUnwatched>("WUW", P.WorkflowUnwatched.Parser,
                m => new P.WorkflowUnwatched { Handle = Write(m.Handle), Ended = m.Ended },
                p => new WorkflowUnwatched(Read(p.Handle), p.Ended)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>
        /// A workflow's history as it grows, as an async stream: every event from
        /// <paramref name="fromEventId"/> on, ending when the run closes (or, with
        /// <paramref name="followRuns"/>, when the last run of its chain does). Canceling the token
        /// ends the watch. Built on <see cref="HourglassStreams.WatchWorkflow(IActorRef, WatchWorkflow)"/>.
        /// </summary>
        public static async IAsyncEnumerable<HistoryEvent> WatchWorkflowAsync(this IActorRef hourglass, ActorSystem system, WorkflowHandle handle,
            long fromEventId = 1, bool followRuns = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(system);
            var events = HourglassStreams.WatchWorkflow(hourglass, new WatchWorkflow(handle) { FromEventId = fromEventId, FollowRuns = followRuns })
                .RunAsAsyncEnumerable(system.Materializer());
            await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false)) yield return e;
        }

        /// <summary>Ends the calling actor's watches of a workflow; returns how many it ended.</summary>
        /// <remarks>A watch belongs to the actor that sent it: send this from that actor (with Tell), or it ends nothing.</remarks>
        public static async Task<int> UnwatchWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, new UnwatchWorkflow(handle), timeout, cancellationToken).ConfigureAwait(false)).Ended;
    }
}
