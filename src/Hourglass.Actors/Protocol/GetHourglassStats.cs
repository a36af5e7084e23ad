namespace Hourglass.Protocol;

/// <summary>Asks the <see cref="ClientBackendActor"/> for its bookkeeping. Answered with <see cref="HourglassStats"/>.</summary>
public sealed record GetHourglassStats : IHourglassRequest<HourglassStats>
{
    /// <summary>The one instance.</summary>
    public static GetHourglassStats Instance { get; } = new();
}
