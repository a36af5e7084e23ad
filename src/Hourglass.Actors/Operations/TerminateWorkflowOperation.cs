using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary><see cref="TerminateWorkflow"/> → TerminateWorkflowExecution → <see cref="WorkflowTerminated"/>.</summary>
    internal sealed class TerminateWorkflowOperation : BackendOperation<TerminateWorkflow, WorkflowTerminated>
    {
        protected override void Validate(TerminateWorkflow t, ref Validator v)
        {
            v.Handle(t.Handle, nameof(TerminateWorkflow.Handle));
            v.Text(t.Reason, nameof(TerminateWorkflow.Reason), TemporalLimits.MaxReasonBytes);
            v.Payloads(t.Details, nameof(TerminateWorkflow.Details));
        }

        protected override TerminateWorkflow Defaults(TerminateWorkflow t, HourglassSettings settings)
        {
            var handle = Resolve(t.Handle, settings);
            return ReferenceEquals(handle, t.Handle) ? t : t with { Handle = handle };
        }

        // TerminateWorkflowExecution has no request id: a retry after success is answered NotFound
        // (the run is closed), as the server answers it.
        protected override async ValueTask<WorkflowTerminated> ExecuteAsync(TerminateWorkflow t, ITemporalService temporal, OperationContext context)
        {
            await temporal.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest
            {
                Namespace = t.Handle.Namespace,
                WorkflowExecution = TemporalRequests.Execution(t.Handle),
                Reason = t.Reason,
                Details = HourglassPayload.ToPayloads(t.Details),
                Identity = context.Identity,
            }, context.Stopping).ConfigureAwait(false);
            return new WorkflowTerminated(t.Handle);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<TerminateWorkflow, P.TerminateWorkflow>("TW", P.TerminateWorkflow.Parser,
                m =>
                {
                    var p = new P.TerminateWorkflow { Handle = Write(m.Handle), Details = Write(m.Details) };
                    if (m.Reason is not null) p.Reason = m.Reason;
                    return p;
                },
                p => new TerminateWorkflow(Read(p.Handle), Str(p.HasReason, p.Reason)!) { Details = Read(p.Details) }),
            MessageCodec.Of<WorkflowTerminated, P.WorkflowTerminated>("WTE", P.WorkflowTerminated.Parser,
                m => new P.WorkflowTerminated { Handle = Write(m.Handle) },
                p => new WorkflowTerminated(Read(p.Handle))),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Terminates a workflow (the server closes the run as Terminated, without the workflow's say).</summary>
        public static Task<WorkflowTerminated> TerminateWorkflowAsync(this IActorRef hourglass, TerminateWorkflow terminate,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, terminate, timeout, cancellationToken);

        /// <summary>Terminates a workflow with a reason.</summary>
        public static Task<WorkflowTerminated> TerminateWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, string reason = "",
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            TerminateWorkflowAsync(hourglass, new TerminateWorkflow(handle, reason), timeout, cancellationToken);
    }
}
