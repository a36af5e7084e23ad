using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Status;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary><see cref="GetWorkflowStatus"/>: describe (and history, for failures), decoded → <see cref="WorkflowStatus"/>.</summary>
    internal sealed class GetWorkflowStatusOperation : WorkflowQueryOperation<GetWorkflowStatus, WorkflowStatus>
    {
        protected override void Validate(GetWorkflowStatus g, ref Validator v) => v.Handle(g.Handle, nameof(GetWorkflowStatus.Handle));

        protected override GetWorkflowStatus Defaults(GetWorkflowStatus g, HourglassSettings settings)
        {
            var handle = Resolve(g.Handle, settings);
            return ReferenceEquals(handle, g.Handle) ? g : g with { Handle = handle };
        }

        public override void Serve(IWorkflowQuery query, QueryContext context) =>
            context.Spawn(WorkflowQueryActor.Props((GetWorkflowStatus)query, context.ReplyTo, context.Backend, context.BuiltInBackend, context.Settings,
                context.Kind, context.Trace));

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<GetWorkflowStatus, P.GetWorkflowStatus>("GS", P.GetWorkflowStatus.Parser,
                m => new P.GetWorkflowStatus { Handle = Write(m.Handle), IncludeFailures = m.IncludeFailures },
                p => new GetWorkflowStatus(Read(p.Handle), p.IncludeFailures)),
            MessageCodec.Of<WorkflowStatus, P.WorkflowStatus>("STA", P.WorkflowStatus.Parser, m => Write(m)!, p => Read(p)!),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Reads a workflow's status (and recent activity failures when asked).</summary>
        public static Task<WorkflowStatus> GetWorkflowStatusAsync(this IActorRef hourglass, WorkflowHandle handle, bool includeFailures = false,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, new GetWorkflowStatus(handle, includeFailures), timeout, cancellationToken);
    }
}
