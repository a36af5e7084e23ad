using Temporalio.Api.Failure.V1;

namespace Hourglass.Protocol;

/// <summary>An activity the workflow is waiting on, from describe's pending activities.</summary>
/// <param name="ActivityId">The activity id within the workflow.</param>
/// <param name="ActivityType">The activity type name.</param>
/// <param name="Attempt">The attempt being made (1 for the first).</param>
/// <param name="LastFailure">The failure of the previous attempt, when there was one.</param>
public sealed record PendingActivity(string ActivityId, string ActivityType, int Attempt, Failure? LastFailure)
{
    /// <summary>The retry policy's attempt limit; 0 means unlimited.</summary>
    public int MaximumAttempts { get; init; }

    /// <summary>When the current attempt was started, if it has been.</summary>
    public DateTimeOffset? LastStartedTime { get; init; }
}
