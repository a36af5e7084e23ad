namespace Hourglass.Protocol;

/// <summary>The one reply to a <see cref="WatchWorkflow"/>: no more events will come.</summary>
/// <param name="Handle">The execution, with the run id the watch ended on.</param>
/// <param name="State">How the run closed; <see cref="WorkflowState.Running"/> when the watch was ended by <see cref="UnwatchWorkflow"/>.</param>
public sealed record WorkflowWatchEnded(WorkflowHandle Handle, WorkflowState State) : IHourglassReply
{
    /// <summary>True when the watch ended because the subscriber asked (<see cref="UnwatchWorkflow"/>), not because the run closed.</summary>
    public bool Unwatched { get; init; }
}
