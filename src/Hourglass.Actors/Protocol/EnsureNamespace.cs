namespace Hourglass.Protocol;

/// <summary>
/// Makes sure a namespace exists, registering it when it does not. Idempotent; answered with
/// <see cref="NamespaceEnsured"/>.
/// </summary>
/// <param name="Name">The namespace name.</param>
public sealed record EnsureNamespace(string Name) : IBackendOperation<NamespaceEnsured>
{
    /// <summary>Workflow history retention when the namespace is registered; null uses the configured default.</summary>
    public TimeSpan? Retention { get; init; }
}
