namespace Hourglass.Protocol;

/// <summary>Asks which backend the sender's operations would use now, and why. Answered with <see cref="BackendInUse"/>.</summary>
public sealed record GetBackend : IHourglassRequest<BackendInUse>
{
    /// <summary>The one instance.</summary>
    public static GetBackend Instance { get; } = new();
}
