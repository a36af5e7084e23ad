namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="StartWorkflow"/>: the new execution with its run id.</summary>
/// <param name="Handle">Namespace, workflow id and the run id the server assigned.</param>
public sealed record WorkflowStarted(WorkflowHandle Handle) : IHourglassReply;
