namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="SignalWorkflow"/>: the server accepted the signal.</summary>
/// <param name="Handle">The handle as asked.</param>
/// <param name="SignalName">The signal that was sent.</param>
public sealed record WorkflowSignaled(WorkflowHandle Handle, string SignalName) : IHourglassReply;
