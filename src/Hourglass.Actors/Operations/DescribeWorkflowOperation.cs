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
    /// <summary><see cref="DescribeWorkflow"/> → DescribeWorkflowExecution → <see cref="WorkflowDescribed"/>.</summary>
    internal sealed class DescribeWorkflowOperation : BackendOperation<DescribeWorkflow, WorkflowDescribed>
    {
        protected override void Validate(DescribeWorkflow d, ref Validator v) => v.Handle(d.Handle, nameof(DescribeWorkflow.Handle));

        protected override DescribeWorkflow Defaults(DescribeWorkflow d, HourglassSettings settings)
        {
            var handle = Resolve(d.Handle, settings);
            return ReferenceEquals(handle, d.Handle) ? d : d with { Handle = handle };
        }

        protected override ValueTask<WorkflowDescribed> ExecuteAsync(DescribeWorkflow d, ITemporalService temporal, OperationContext context)
        {
            var request = new DescribeWorkflowExecutionRequest { Namespace = d.Handle.Namespace, Execution = TemporalRequests.Execution(d.Handle) };
            return Then(temporal.DescribeWorkflowExecutionAsync(request, context.Stopping), d.Handle, static (response, handle) => new WorkflowDescribed(handle, response));
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<DescribeWorkflow, P.DescribeWorkflow>("DW", P.DescribeWorkflow.Parser,
                m => new P.DescribeWorkflow { Handle = Write(m.Handle) },
                p => new DescribeWorkflow(Read(p.Handle))),
            MessageCodec.Of<WorkflowDescribed, P.WorkflowDescribed>("WDE", P.WorkflowDescribed.Parser,
                m =>
                {
                    var p = new P.WorkflowDescribed { Handle = Write(m.Handle) };
                    if (m.Response is not null) p.Response = Bytes(m.Response);
                    return p;
                },
                p => new WorkflowDescribed(Read(p.Handle), p.HasResponse ? DescribeWorkflowExecutionResponse.Parser.ParseFrom(p.Response) : null!)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Describes a workflow execution; returns the decoded Temporal response.</summary>
        public static async Task<DescribeWorkflowExecutionResponse> DescribeWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, new DescribeWorkflow(handle), timeout, cancellationToken).ConfigureAwait(false)).Response;
    }
}
