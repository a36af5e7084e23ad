using System.Runtime.CompilerServices;
using Akka.Actor;
using Google.Protobuf;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary><see cref="ListWorkflows"/> → ListWorkflowExecutions (one page) → <see cref="WorkflowsListed"/>.</summary>
    internal sealed class ListWorkflowsOperation : BackendOperation<ListWorkflows, WorkflowsListed>
    {
        protected override void Validate(ListWorkflows l, ref Validator v)
        {
            v.Namespace(l.Namespace, nameof(ListWorkflows.Namespace), emptyIsDefault: true);
            CheckQuery(l.Query, nameof(ListWorkflows.Query), ref v);
            if (l.PageSize < 0)
                v.Fail(nameof(ListWorkflows.PageSize),
                    $"must not be negative (got {l.PageSize}; 0 means the server's default, {TemporalLimits.VisibilityMaxPageSize})");
            if (l.NextPageToken is null) v.Fail(nameof(ListWorkflows.NextPageToken), "is required (ByteString.Empty for the first page)");
            else v.Token(l.NextPageToken, nameof(ListWorkflows.NextPageToken), TemporalLimits.MaxPageTokenBytes);
        }

        /// <summary>A visibility query: present (empty matches every execution), at most <see cref="TemporalLimits.MaxVisibilityQueryBytes"/>.</summary>
        internal static void CheckQuery(string? query, string field, ref Validator v)
        {
            if (query is null) v.Fail(field, "is required (\"\" matches every workflow execution)");
            else v.Text(query, field, TemporalLimits.MaxVisibilityQueryBytes);
        }

        protected override ListWorkflows Defaults(ListWorkflows l, HourglassSettings settings) =>
            l.Namespace.Length == 0 ? l with { Namespace = settings.DefaultNamespace } : l;

        protected override async ValueTask<WorkflowsListed> ExecuteAsync(ListWorkflows l, ITemporalService temporal, OperationContext context)
        {
            var response = await temporal.ListWorkflowExecutionsAsync(new ListWorkflowExecutionsRequest
            {
                Namespace = l.Namespace,
                Query = l.Query,
                PageSize = l.PageSize,
                NextPageToken = l.NextPageToken,
            }, context.Stopping).ConfigureAwait(false);
            return new WorkflowsListed(l.Namespace, response.Executions.ToArray(), response.NextPageToken);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<ListWorkflows, P.ListWorkflows>("LSW", P.ListWorkflows.Parser,
                m =>
                {
                    var p = new P.ListWorkflows { PageSize = m.PageSize };
                    if (m.Namespace is not null) p.Namespace = m.Namespace;
                    if (m.Query is not null) p.Query = m.Query;
                    if (m.NextPageToken is not null) p.NextPageToken = m.NextPageToken;
                    return p;
                },
                p => new ListWorkflows(Str(p.HasNamespace, p.Namespace)!, Str(p.HasQuery, p.Query)!)
                {
                    PageSize = p.PageSize,
                    NextPageToken = p.HasNextPageToken ? p.NextPageToken : null!,
                }),
            MessageCodec.Of<WorkflowsListed, P.WorkflowsListed>("WLD", P.WorkflowsListed.Parser,
                m =>
                {
                    var p = new P.WorkflowsListed();
                    if (m.Namespace is not null) p.Namespace = m.Namespace;
                    if (m.Executions is not null)
                    {
                        p.Executions = new P.BytesList();
                        foreach (var info in m.Executions) p.Executions.Items.Add(Bytes(info ?? throw NullElement("WorkflowsListed.Executions")));
                    }
                    if (m.NextPageToken is not null) p.NextPageToken = m.NextPageToken;
                    return p;
                },
                p => new WorkflowsListed(
                    Str(p.HasNamespace, p.Namespace)!,
                    p.Executions is null ? null! : p.Executions.Items.Select(WorkflowExecutionInfo.Parser.ParseFrom).ToArray(),
                    p.HasNextPageToken ? p.NextPageToken : null!)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>
        /// Lists one page of the executions that match <paramref name="query"/> (empty: all) in
        /// <paramref name="namespace"/> (empty: the default); pass the reply's token back for the next page.
        /// </summary>
        public static Task<WorkflowsListed> ListWorkflowsAsync(this IActorRef hourglass, string query = "", string @namespace = "",
            int pageSize = 0, ByteString? nextPageToken = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, new ListWorkflows(@namespace, query) { PageSize = pageSize, NextPageToken = nextPageToken ?? ByteString.Empty },
                timeout, cancellationToken);

        /// <summary>
        /// Every execution that matches <paramref name="query"/>, page after page as they are
        /// enumerated (each page asked with <paramref name="timeout"/>); stops at the last page.
        /// A failed page throws <see cref="HourglassException"/>.
        /// </summary>
        public static async IAsyncEnumerable<WorkflowExecutionInfo> ListAllWorkflowsAsync(this IActorRef hourglass, string query = "",
            string @namespace = "", int pageSize = 0, TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var token = ByteString.Empty;
            do
            {
                var page = await hourglass.ListWorkflowsAsync(query, @namespace, pageSize, token, timeout, cancellationToken).ConfigureAwait(false);
                foreach (var execution in page.Executions) yield return execution;
                token = page.NextPageToken;
            }
            while (!token.IsEmpty);
        }
    }
}
