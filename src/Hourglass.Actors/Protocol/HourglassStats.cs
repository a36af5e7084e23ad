namespace Hourglass.Protocol;

/// <summary>The <see cref="ClientBackendActor"/>'s bookkeeping, for operators and tests.</summary>
/// <param name="Overrides">Senders with a backend override.</param>
/// <param name="Watched">Actors watched on account of overrides (owners and override targets).</param>
/// <param name="ActiveQueries">Status and await queries in progress.</param>
public sealed record HourglassStats(int Overrides, int Watched, int ActiveQueries) : IHourglassReply;
