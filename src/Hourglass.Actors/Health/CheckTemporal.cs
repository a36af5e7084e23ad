using Akka.Actor;

namespace Hourglass.Health;

/// <summary>
/// The readiness check's question to a router: does its configured backend's Temporal answer? The
/// real backend answers at once when Temporal answered a call within <paramref name="FreshFor"/>
/// and none failed to reach it since; otherwise it probes (DescribeNamespace of
/// <paramref name="Namespace"/>, within <paramref name="ProbeTimeout"/>). The mock backend needs no
/// Temporal. Answered with <see cref="TemporalChecked"/>. Local only.
/// </summary>
internal sealed record CheckTemporal(TimeSpan FreshFor, TimeSpan ProbeTimeout, string Namespace) : INoSerializationVerificationNeeded;
