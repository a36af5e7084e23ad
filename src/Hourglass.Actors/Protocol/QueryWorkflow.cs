using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Protocol;

/// <summary>
/// Queries a workflow execution: a worker runs the workflow's query handler and answers with its
/// result. Answered with <see cref="WorkflowQueried"/>; a handler that fails is
/// <see cref="ErrorKind.QueryFailed"/>, a query the reject condition refuses is
/// <see cref="ErrorKind.QueryRejected"/>, and a query no worker answers in time is
/// <see cref="ErrorKind.Timeout"/> (<c>hourglass.real.query-timeout</c>; a Temporal server gives up
/// after 30 s on its own).
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run. A closed run can be queried too (a worker must still answer).</param>
/// <param name="QueryType">The query the workflow defines.</param>
/// <param name="Args">The query's arguments as Temporal payloads.</param>
public sealed record QueryWorkflow(WorkflowHandle Handle, string QueryType, IReadOnlyList<Payload> Args)
    : IBackendOperation<WorkflowQueried>
{
    /// <summary>Queries with plain .NET values as the arguments, encoded as payloads.</summary>
    public QueryWorkflow(WorkflowHandle handle, string queryType, params object?[] args)
        : this(handle, queryType, HourglassPayload.FromValues(args))
    {
    }

    /// <summary>
    /// When the query is refused instead of run: <see cref="QueryRejectCondition.NotOpen"/> for any
    /// closed workflow, <see cref="QueryRejectCondition.NotCompletedCleanly"/> for one that closed other
    /// than Completed. Null (or <see cref="QueryRejectCondition.None"/>): never, the server's default.
    /// </summary>
    public QueryRejectCondition? RejectCondition { get; init; }
}
