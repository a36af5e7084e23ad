namespace Hourglass.Protocol;

/// <summary>
/// Reads a workflow's state as a <see cref="WorkflowStatus"/>, decoded from describe and, when
/// <paramref name="IncludeFailures"/> is set, from the history's activity failures.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
/// <param name="IncludeFailures">Also read the history for recent activity failures.</param>
public sealed record GetWorkflowStatus(WorkflowHandle Handle, bool IncludeFailures = false) : IWorkflowQuery<WorkflowStatus>;
