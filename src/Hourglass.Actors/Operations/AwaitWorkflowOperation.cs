using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Status;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary>
    /// <see cref="AwaitWorkflow"/>: CLOSE_EVENT long polls of the run's history, shared by every await
    /// and watch of the run (<see cref="HistoryPolls"/>), the result or failure read from the close
    /// event → <see cref="WorkflowClosed"/>.
    /// </summary>
    internal sealed class AwaitWorkflowOperation : WorkflowQueryOperation<AwaitWorkflow, WorkflowClosed>
    {
        /// <summary>The shortest poll interval: the scheduler's tick (<c>akka.scheduler.tick-duration</c>, 10 ms by default).</summary>
        public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(10);

        protected override void Validate(AwaitWorkflow a, ref Validator v)
        {
            v.Handle(a.Handle, nameof(AwaitWorkflow.Handle));
            v.Timeout(a.Timeout, nameof(AwaitWorkflow.Timeout), TemporalLimits.MaxDuration);
            v.Between(a.PollInterval, nameof(AwaitWorkflow.PollInterval), MinPollInterval, TemporalLimits.MaxDuration);
        }

        protected override AwaitWorkflow Defaults(AwaitWorkflow a, HourglassSettings settings) =>
            a with
            {
                Handle = Resolve(a.Handle, settings),
                Timeout = a.Timeout ?? settings.AwaitDefaultTimeout,
                PollInterval = a.PollInterval ?? settings.AwaitDefaultPollInterval,
            };

        public override void Serve(IWorkflowQuery query, QueryContext context) =>
            context.Polls.Tell(new HistoryPolls.Enlist(query, context.ReplyTo, context.Backend, context.BuiltInBackend, context.Counter) { Kind = context.Kind, Trace = context.Trace });

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<AwaitWorkflow, P.AwaitWorkflow>("AW", P.AwaitWorkflow.Parser,
                m =>
                {
                    var p = new P.AwaitWorkflow { Handle = Write(m.Handle) };
                    if (m.Timeout is { } timeout) p.TimeoutTicks = timeout.Ticks;
                    if (m.PollInterval is { } interval) p.PollIntervalTicks = interval.Ticks;
                    return p;
                },
                p => new AwaitWorkflow(Read(p.Handle), Span(p.HasTimeoutTicks, p.TimeoutTicks), Span(p.HasPollIntervalTicks, p.PollIntervalTicks))),
            MessageCodec.Of<WorkflowClosed, P.WorkflowClosed>("WCL", P.WorkflowClosed.Parser,
                m =>
                {
                    var p = new P.WorkflowClosed { Handle = Write(m.Handle), Status = Write(m.Status) };
                    if (m.Result is not null) p.Result = Bytes(m.Result);
                    if (m.Failure is not null) p.Failure = Bytes(m.Failure);
                    return p;
                },
                p => new WorkflowClosed(Read(p.Handle), Read(p.Status)!, ReadPayload(p.HasResult, p.Result), ReadFailure(p.HasFailure, p.Failure))),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        // An await is answered by its own deadline; the ask waits this much longer before giving up on the reply.
        private static readonly TimeSpan AwaitReplyMargin = TimeSpan.FromSeconds(10);

        /// <summary>
        /// Waits until the workflow closes, up to <paramref name="timeout"/>; returns how it closed.
        /// A workflow still open at the deadline throws a Timeout error whose <c>LastStatus</c> is the last status seen.
        /// </summary>
        public static Task<WorkflowClosed> AwaitWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, TimeSpan timeout,
            TimeSpan? pollInterval = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, new AwaitWorkflow(handle, timeout, pollInterval), timeout + AwaitReplyMargin, cancellationToken);
    }
}
