using Google.Protobuf;
using Temporalio.Api.Workflow.V1;

namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="ListWorkflows"/>: one page of executions.</summary>
/// <param name="Namespace">The namespace listed (the default filled in).</param>
/// <param name="Executions">
/// The executions as the server's list shows them: execution, type, start, execution and close
/// time, status, task queue, memo, search attributes, and for a closed run its history length and size.
/// </param>
/// <param name="NextPageToken">The token of the next page; empty when there is none.</param>
public sealed record WorkflowsListed(string Namespace, IReadOnlyList<WorkflowExecutionInfo> Executions, ByteString NextPageToken)
    : IHourglassReply
{
    /// <summary>True when there may be another page (the token is not empty).</summary>
    public bool HasMore => NextPageToken is { IsEmpty: false };
}
