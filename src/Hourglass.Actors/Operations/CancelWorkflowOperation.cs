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
    /// <summary><see cref="CancelWorkflow"/> → RequestCancelWorkflowExecution → <see cref="CancelRequested"/>.</summary>
    internal sealed class CancelWorkflowOperation : BackendOperation<CancelWorkflow, CancelRequested>
    {
        protected override void Validate(CancelWorkflow c, ref Validator v)
        {
            v.Handle(c.Handle, nameof(CancelWorkflow.Handle));
            v.Text(c.Reason, nameof(CancelWorkflow.Reason), TemporalLimits.MaxReasonBytes);
            v.Id(c.RequestId, nameof(CancelWorkflow.RequestId));
        }

        protected override CancelWorkflow Defaults(CancelWorkflow c, HourglassSettings settings)
        {
            var handle = Resolve(c.Handle, settings);
            return ReferenceEquals(handle, c.Handle) ? c : c with { Handle = handle };
        }

        protected override async ValueTask<CancelRequested> ExecuteAsync(CancelWorkflow c, ITemporalService temporal, OperationContext context)
        {
            await temporal.RequestCancelWorkflowExecutionAsync(new RequestCancelWorkflowExecutionRequest
            {
                Namespace = c.Handle.Namespace,
                WorkflowExecution = TemporalRequests.Execution(c.Handle),
                Reason = c.Reason,
                Identity = context.Identity,
                RequestId = c.RequestId,
            }, context.Stopping).ConfigureAwait(false);
            return new CancelRequested(c.Handle);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<CancelWorkflow, P.CancelWorkflow>("CW", P.CancelWorkflow.Parser,
                m =>
                {
                    var p = new P.CancelWorkflow { Handle = Write(m.Handle) };
                    if (m.Reason is not null) p.Reason = m.Reason;
                    if (m.RequestId is not null) p.RequestId = m.RequestId;
                    return p;
                },
                p => new CancelWorkflow(Read(p.Handle), Str(p.HasReason, p.Reason)!) { RequestId = Str(p.HasRequestId, p.RequestId)! }),
            MessageCodec.Of<CancelRequested, P.CancelRequested>("CR", P.CancelRequested.Parser,
                m => new P.CancelRequested { Handle = Write(m.Handle) },
                p => new CancelRequested(Read(p.Handle))),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Requests cancellation of a workflow.</summary>
        public static Task CancelWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, string reason = "",
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, new CancelWorkflow(handle, reason), timeout, cancellationToken);
    }
}
