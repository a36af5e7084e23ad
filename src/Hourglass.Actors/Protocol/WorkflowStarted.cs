namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="StartWorkflow"/> and <see cref="SignalWithStartWorkflow"/>: the execution with its run id.</summary>
/// <param name="Handle">Namespace, workflow id and the run id the server assigned (or of the run already running).</param>
public sealed record WorkflowStarted(WorkflowHandle Handle) : IHourglassReply
{
    /// <summary>
    /// True when this request started a new run; false when it found one running and used it (a
    /// signal-with-start, or a start with conflict policy UseExisting).
    /// </summary>
    public bool Started { get; init; } = true;
}
