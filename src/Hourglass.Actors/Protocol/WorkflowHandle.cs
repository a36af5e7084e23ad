namespace Hourglass.Protocol;

/// <summary>
/// Identifies a workflow execution: its namespace, its workflow id and, optionally, one run.
/// </summary>
/// <param name="Namespace">
/// The Temporal namespace. Empty means the configured <c>hourglass.default-namespace</c>.
/// </param>
/// <param name="WorkflowId">The caller-chosen workflow id.</param>
/// <param name="RunId">
/// The run id (a UUID) assigned by the server; empty means "the latest run of this workflow id".
/// </param>
public sealed record WorkflowHandle(string Namespace, string WorkflowId, string RunId = "")
{
    /// <summary>A handle on the latest run of <paramref name="workflowId"/> in the default namespace.</summary>
    public static WorkflowHandle Latest(string workflowId) => new("", workflowId);

    /// <summary>The same workflow, any run: the handle without its run id.</summary>
    public WorkflowHandle WithoutRun() => this with { RunId = "" };

    /// <inheritdoc />
    public override string ToString() =>
        RunId.Length == 0 ? $"{Namespace}/{WorkflowId}" : $"{Namespace}/{WorkflowId}/{RunId}";
}
