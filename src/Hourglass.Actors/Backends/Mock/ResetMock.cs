using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Forgets the sender's scripts and recorded unexpected calls. Answered with <see cref="MockScriptAccepted"/>.</summary>
public sealed record ResetMock : IMockMessage
{
    /// <summary>The one instance.</summary>
    public static ResetMock Instance { get; } = new();
}
