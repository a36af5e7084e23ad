namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="TerminateWorkflow"/>: the server closed the run as Terminated.</summary>
/// <param name="Handle">The handle as asked (an empty run id: the run that was the latest).</param>
public sealed record WorkflowTerminated(WorkflowHandle Handle) : IHourglassReply;
