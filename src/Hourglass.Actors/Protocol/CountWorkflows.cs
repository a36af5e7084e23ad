namespace Hourglass.Protocol;

/// <summary>
/// Counts the workflow executions of a namespace that match a visibility query
/// (CountWorkflowExecutions). Answered with <see cref="WorkflowsCounted"/>.
/// </summary>
/// <param name="Namespace">The namespace; empty means <c>hourglass.default-namespace</c>.</param>
/// <param name="Query">
/// A visibility query; empty counts every execution. <c>GROUP BY ExecutionStatus</c> at its end
/// (or alone) counts per status, e.g. <c>WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus</c>.
/// </param>
public sealed record CountWorkflows(string Namespace, string Query) : IBackendOperation<WorkflowsCounted>;
