using Google.Protobuf;

namespace Hourglass.Protocol;

/// <summary>
/// Lists the workflow executions of a namespace that match a visibility query, one page at a
/// time (ListWorkflowExecutions). Answered with <see cref="WorkflowsListed"/>: the page and the
/// token of the next one. Open executions come first, newest start first, then closed ones,
/// latest close first, as the server orders them.
/// </summary>
/// <param name="Namespace">The namespace; empty means <c>hourglass.default-namespace</c>.</param>
/// <param name="Query">
/// A visibility query, e.g. <c>WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Running'</c>;
/// empty lists every execution. The server refuses a query it cannot read with InvalidArgument
/// (<c>invalid query: …</c>).
/// </param>
public sealed record ListWorkflows(string Namespace, string Query) : IBackendOperation<WorkflowsListed>
{
    /// <summary>
    /// The most executions on the page; 0 (the default) means the server's default, 1000. The
    /// server serves at most <c>frontend.visibilityMaxPageSize</c> (1000) and silently lowers a larger size to it.
    /// </summary>
    public int PageSize { get; init; }

    /// <summary>
    /// Where the page starts: empty for the first page, else the <see cref="WorkflowsListed.NextPageToken"/>
    /// of the page before (with the same namespace and query). Opaque; the server made it.
    /// </summary>
    public ByteString NextPageToken { get; init; } = ByteString.Empty;
}
