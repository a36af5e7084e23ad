using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Backends.Mock;

/// <summary>A query as the in-memory Temporal hands it to a test's handler (the worker's part).</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Execution">The run queried, its run id resolved.</param>
/// <param name="QueryType">The query type.</param>
/// <param name="Args">The query's arguments.</param>
/// <param name="Status">The run's status when the query arrived (a closed run can be queried).</param>
public sealed record QueryCall(string Namespace, WorkflowExecution Execution, string QueryType, IReadOnlyList<Payload> Args, WorkflowExecutionStatus Status);
