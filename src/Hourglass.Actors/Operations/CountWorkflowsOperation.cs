using Akka.Actor;
using Hourglass.Protocol;
using Hourglass.Configuration;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary><see cref="CountWorkflows"/> → CountWorkflowExecutions → <see cref="WorkflowsCounted"/>.</summary>
    internal sealed class CountWorkflowsOperation : BackendOperation<CountWorkflows, WorkflowsCounted>
    {
        protected override void Validate(CountWorkflows c, ref Validator v)
        {
            v.Namespace(c.Namespace, nameof(CountWorkflows.Namespace), emptyIsDefault: true);
            ListWorkflowsOperation.CheckQuery(c.Query, nameof(CountWorkflows.Query), ref v);
        }

        protected override CountWorkflows Defaults(CountWorkflows c, HourglassSettings settings) =>
            c.Namespace.Length == 0 ? c with { Namespace = settings.DefaultNamespace } : c;

        protected override async ValueTask<WorkflowsCounted> ExecuteAsync(CountWorkflows c, ITemporalService temporal, OperationContext context)
        {
            var response = await temporal.CountWorkflowExecutionsAsync(new CountWorkflowExecutionsRequest
            {
                Namespace = c.Namespace,
                Query = c.Query,
            }, context.Stopping).ConfigureAwait(false);
            return new WorkflowsCounted(response.Count,
                response.Groups.Select(g => new WorkflowCountGroup(g.GroupValues.ToArray(), g.Count)).ToArray());
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<CountWorkflows, P.CountWorkflows>("CTW", P.CountWorkflows.Parser,
                m =>
                {
                    var p = new P.CountWorkflows();
                    if (m.Namespace is not null) p.Namespace = m.Namespace;
                    if (m.Query is not null) p.Query = m.Query;
                    return p;
                },
                p => new CountWorkflows(Str(p.HasNamespace, p.Namespace)!, Str(p.HasQuery, p.Query)!)),
            MessageCodec.Of<WorkflowsCounted, P.WorkflowsCounted>("WCT", P.WorkflowsCounted.Parser,
                m =>
                {
                    var p = new P.WorkflowsCounted { Count = m.Count };
                    if (m.Groups is not null)
                    {
                        p.Groups = new P.CountGroupList();
                        foreach (var group in m.Groups)
                        {
                            if (group is null) throw NullElement("WorkflowsCounted.Groups");
                            p.Groups.Items.Add(new P.CountGroup { Values = Write(group.GroupValues), Count = group.Count });
                        }
                    }
                    return p;
                },
                p => new WorkflowsCounted(p.Count,
                    p.Groups is null ? null! : p.Groups.Items.Select(g => new WorkflowCountGroup(Read(g.Values), g.Count)).ToArray())),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>
        /// Counts the executions that match <paramref name="query"/> (empty: all) in
        /// <paramref name="namespace"/> (empty: the default); with <c>GROUP BY ExecutionStatus</c>, per status.
        /// </summary>
        public static Task<WorkflowsCounted> CountWorkflowsAsync(this IActorRef hourglass, string query = "", string @namespace = "",
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, new CountWorkflows(@namespace, query), timeout, cancellationToken);
    }
}
