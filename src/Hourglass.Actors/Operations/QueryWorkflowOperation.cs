using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary>
    /// <see cref="QueryWorkflow"/> → QueryWorkflow → <see cref="WorkflowQueried"/>. The call waits for a
    /// worker, so it has its own deadline, <c>hourglass.real.query-timeout</c>, on both backends. A
    /// rejection (a successful response with <c>query_rejected</c>) is answered QueryRejected.
    /// </summary>
    internal sealed class QueryWorkflowOperation : BackendOperation<QueryWorkflow, WorkflowQueried>
    {
        protected override void Validate(QueryWorkflow q, ref Validator v)
        {
            v.Handle(q.Handle, nameof(QueryWorkflow.Handle));
            v.Id(q.QueryType, nameof(QueryWorkflow.QueryType));
            v.Payloads(q.Args, nameof(QueryWorkflow.Args));
            v.Defined(q.RejectCondition, nameof(QueryWorkflow.RejectCondition));
        }

        protected override QueryWorkflow Defaults(QueryWorkflow q, HourglassSettings settings)
        {
            var handle = Resolve(q.Handle, settings);
            return ReferenceEquals(handle, q.Handle) ? q : q with { Handle = handle };
        }

        protected override async ValueTask<WorkflowQueried> ExecuteAsync(QueryWorkflow q, ITemporalService temporal, OperationContext context)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.Stopping);
            deadline.CancelAfter(context.QueryTimeout);
            QueryWorkflowResponse response;
            try
            {
                response = await temporal.QueryWorkflowAsync(new QueryWorkflowRequest
                {
                    Namespace = q.Handle.Namespace,
                    Execution = TemporalRequests.Execution(q.Handle),
                    Query = new WorkflowQuery { QueryType = q.QueryType, QueryArgs = HourglassPayload.ToPayloads(q.Args) },
                    QueryRejectCondition = q.RejectCondition ?? QueryRejectCondition.None,
                }, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (TemporalRequests.EndedBy(deadline, e) && !context.Stopping.IsCancellationRequested)
            {
                throw new TemporalCallException(new HourglassError(ErrorKind.Timeout,
                    $"no worker answered query {q.QueryType} of {q.Handle} within hourglass.real.query-timeout = {DurationText.Format(context.QueryTimeout)}"), e);
            }
            if (response.QueryRejected is { } rejected)
                throw new TemporalCallException(TemporalErrors.QueryRejected(rejected, q.QueryType));
            return new WorkflowQueried(q.Handle, q.QueryType, response.QueryResult?.Payloads_.ToArray() ?? []);
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<QueryWorkflow, P.QueryWorkflow>("QW", P.QueryWorkflow.Parser,
                m =>
                {
                    var p = new P.QueryWorkflow { Handle = Write(m.Handle), Args = Write(m.Args) };
                    if (m.QueryType is not null) p.QueryType = m.QueryType;
                    if (m.RejectCondition is { } condition) p.RejectCondition = (int)condition;
                    return p;
                },
                p => new QueryWorkflow(Read(p.Handle), Str(p.HasQueryType, p.QueryType)!, Read(p.Args))
                {
                    RejectCondition = p.HasRejectCondition ? (QueryRejectCondition)p.RejectCondition : null,
                }),
            MessageCodec.Of<WorkflowQueried, P.WorkflowQueried>("WQ", P.WorkflowQueried.Parser,
                m =>
                {
                    var p = new P.WorkflowQueried { Handle = Write(m.Handle), Result = Write(m.Result) };
                    if (m.QueryType is not null) p.QueryType = m.QueryType;
                    return p;
                },
                p => new WorkflowQueried(Read(p.Handle), Str(p.HasQueryType, p.QueryType)!, Read(p.Result))),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>
        /// How long the query helpers wait for a reply when no timeout is given: a little longer than the
        /// default <c>hourglass.real.query-timeout</c> (30 s), so the operation's own Timeout arrives first.
        /// Pass a longer timeout when you raise that setting.
        /// </summary>
        public static readonly TimeSpan DefaultQueryAskTimeout = TimeSpan.FromSeconds(40);

        /// <summary>Queries a workflow; returns the payloads its query handler answered.</summary>
        public static async Task<IReadOnlyList<Payload>> QueryWorkflowAsync(this IActorRef hourglass, QueryWorkflow query,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, query, timeout ?? DefaultQueryAskTimeout, cancellationToken).ConfigureAwait(false)).Result;

        /// <summary>Queries a workflow; returns the first payload of the answer decoded as <typeparamref name="T"/>.</summary>
        public static async Task<T> QueryWorkflowAsync<T>(this IActorRef hourglass, QueryWorkflow query,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, query, timeout ?? DefaultQueryAskTimeout, cancellationToken).ConfigureAwait(false)).ResultAs<T>();

        /// <summary>Queries a workflow with plain .NET values as the arguments; returns the answer decoded as <typeparamref name="T"/>.</summary>
        public static Task<T> QueryWorkflowAsync<T>(this IActorRef hourglass, WorkflowHandle handle, string queryType, params object?[] args) =>
            QueryWorkflowAsync<T>(hourglass, new QueryWorkflow(handle, queryType, args));
    }
}
