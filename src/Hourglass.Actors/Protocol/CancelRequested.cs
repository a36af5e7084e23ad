namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="CancelWorkflow"/>: the server recorded the cancellation request.</summary>
/// <param name="Handle">The handle as asked.</param>
public sealed record CancelRequested(WorkflowHandle Handle) : IHourglassReply;
