namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="UnwatchWorkflow"/>.</summary>
/// <param name="Handle">The handle as asked.</param>
/// <param name="Ended">How many of the sender's watches it ended (0 when there were none).</param>
public sealed record WorkflowUnwatched(WorkflowHandle Handle, int Ended) : IHourglassReply;
