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
    /// <summary><see cref="SignalWorkflow"/> → SignalWorkflowExecution → <see cref="WorkflowSignaled"/>.</summary>
    internal sealed class SignalWorkflowOperation : BackendOperation<SignalWorkflow, WorkflowSignaled>
    {
        protected override void Validate(SignalWorkflow s, ref Validator v)
        {
            v.Handle(s.Handle, nameof(SignalWorkflow.Handle));
            v.Id(s.SignalName, nameof(SignalWorkflow.SignalName));
            v.Payloads(s.Args, nameof(SignalWorkflow.Args));
            v.Id(s.RequestId, nameof(SignalWorkflow.RequestId));
        }

        protected override SignalWorkflow Defaults(SignalWorkflow s, HourglassSettings settings)
        {
            var handle = Resolve(s.Handle, settings);
            return ReferenceEquals(handle, s.Handle) ? s : s with { Handle = handle };
        }

        protected override async ValueTask<WorkflowSignaled> ExecuteAsync(SignalWorkflow s, ITemporalService temporal, OperationContext context)
        {
            await temporal.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
            {
                Namespace = s.Handle.Namespace,
                WorkflowExecution = TemporalRequests.Execution(s.Handle),
                SignalName = s.SignalName,
                Input = HourglassPayload.ToPayloads(s.Args),
                Identity = context.Identity,
                RequestId = s.RequestId,
            }, context.Stopping).ConfigureAwait(false);
            return new WorkflowSignaled(s.Handle, s.SignalName);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<SignalWorkflow, P.SignalWorkflow>("SG", P.SignalWorkflow.Parser,
                m =>
                {
                    var p = new P.SignalWorkflow { Handle = Write(m.Handle), Args = Write(m.Args) };
                    if (m.SignalName is not null) p.SignalName = m.SignalName;
                    if (m.RequestId is not null) p.RequestId = m.RequestId;
                    return p;
                },
                p => new SignalWorkflow(Read(p.Handle), Str(p.HasSignalName, p.SignalName)!, Read(p.Args))
                {
                    RequestId = Str(p.HasRequestId, p.RequestId)!,
                }),
            MessageCodec.Of<WorkflowSignaled, P.WorkflowSignaled>("WSG", P.WorkflowSignaled.Parser,
                m =>
                {
                    var p = new P.WorkflowSignaled { Handle = Write(m.Handle) };
                    if (m.SignalName is not null) p.SignalName = m.SignalName;
                    return p;
                },
                p => new WorkflowSignaled(Read(p.Handle), Str(p.HasSignalName, p.SignalName)!)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Signals a workflow.</summary>
        public static Task SignalWorkflowAsync(this IActorRef hourglass, SignalWorkflow signal,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, signal, timeout, cancellationToken);

        /// <summary>Signals a workflow with plain .NET values as the signal input.</summary>
        public static Task SignalWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, string signalName, params object?[] args) =>
            SignalWorkflowAsync(hourglass, new SignalWorkflow(handle, signalName, args));
    }
}
