using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Asks whether the sender's expectations were all met. Answered with <see cref="MockVerified"/>.</summary>
public sealed record VerifyMock : IMockMessage
{
    /// <summary>The one instance.</summary>
    public static VerifyMock Instance { get; } = new();
}
