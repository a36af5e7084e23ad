namespace Hourglass.Operations;

/// <summary>What an operation needs from the backend that runs it, besides the WorkflowService.</summary>
/// <param name="Identity">The identity recorded on the requests (the worker-facing "who").</param>
/// <param name="NamespaceRetention">Retention of a namespace <c>EnsureNamespace</c> registers without one.</param>
/// <param name="NamespaceReadyTimeout">How long <c>EnsureNamespace</c> waits for a registered namespace to be described.</param>
/// <param name="Stopping">Canceled when the backend stops: calls still running give up.</param>
internal sealed record OperationContext(string Identity, TimeSpan NamespaceRetention, TimeSpan NamespaceReadyTimeout, CancellationToken Stopping)
{
    /// <summary>How long <c>QueryWorkflow</c> waits for a worker's answer (<c>hourglass.real.query-timeout</c>).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>UpdateWorkflow</c> waits for the stage asked, every call included (<c>hourglass.real.update-timeout</c>).</summary>
    public TimeSpan UpdateTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
