namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="EnsureNamespace"/>: the namespace exists.</summary>
/// <param name="Name">The namespace.</param>
/// <param name="Created">True when this call registered it; false when it already existed.</param>
public sealed record NamespaceEnsured(string Name, bool Created) : IHourglassReply;
