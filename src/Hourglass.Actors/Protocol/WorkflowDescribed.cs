using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="DescribeWorkflow"/>.</summary>
/// <param name="Handle">The handle as asked.</param>
/// <param name="Response">The decoded Temporal response, exactly as the server sent it.</param>
public sealed record WorkflowDescribed(WorkflowHandle Handle, DescribeWorkflowExecutionResponse Response) : IHourglassReply;
