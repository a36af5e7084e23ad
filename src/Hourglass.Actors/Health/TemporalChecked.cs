using Akka.Actor;

namespace Hourglass.Health;

/// <summary>The answer to <see cref="CheckTemporal"/>: whether Temporal answers, and in words how it was found.</summary>
/// <param name="Reachable">True when Temporal answered recently or answered the probe (or no Temporal is needed).</param>
/// <param name="Description">What was found, for the health report.</param>
internal sealed record TemporalChecked(bool Reachable, string Description) : INoSerializationVerificationNeeded;
