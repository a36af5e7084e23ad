using Temporalio.Api.Failure.V1;

namespace Hourglass.Protocol;

/// <summary>An activity failure found in the workflow's history.</summary>
/// <param name="ActivityId">The activity id, from the matching scheduled event.</param>
/// <param name="ActivityType">The activity type, from the matching scheduled event.</param>
/// <param name="Attempt">The attempt that failed, from the matching started event.</param>
/// <param name="Failure">The failure the worker reported (or the timeout failure).</param>
/// <param name="Time">When the failure event was recorded.</param>
/// <param name="EventId">The id of the failed (or timed-out) event in the history.</param>
public sealed record ActivityFailureRecord(
    string ActivityId, string ActivityType, int Attempt, Failure Failure, DateTimeOffset Time, long EventId);
