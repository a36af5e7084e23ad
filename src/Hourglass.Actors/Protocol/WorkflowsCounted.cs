namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="CountWorkflows"/>.</summary>
/// <param name="Count">How many executions match (with GROUP BY, the sum of the groups).</param>
/// <param name="Groups">With <c>GROUP BY</c>, one group per value; otherwise empty.</param>
public sealed record WorkflowsCounted(long Count, IReadOnlyList<WorkflowCountGroup> Groups) : IHourglassReply;
