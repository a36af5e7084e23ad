namespace Hourglass.Protocol;

/// <summary>
/// Describes a workflow execution. Answered with <see cref="WorkflowDescribed"/> carrying the
/// decoded <c>DescribeWorkflowExecutionResponse</c>.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
public sealed record DescribeWorkflow(WorkflowHandle Handle) : IBackendOperation<WorkflowDescribed>;
