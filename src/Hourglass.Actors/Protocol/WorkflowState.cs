namespace Hourglass.Protocol;

/// <summary>The state of a workflow execution, as Temporal reports it.</summary>
public enum WorkflowState
{
    /// <summary>The server reported no status Hourglass knows.</summary>
    Unknown = 0,
    /// <summary>Open.</summary>
    Running = 1,
    /// <summary>Closed with a result.</summary>
    Completed = 2,
    /// <summary>Closed with a failure.</summary>
    Failed = 3,
    /// <summary>Closed after cancellation.</summary>
    Canceled = 4,
    /// <summary>Closed by a terminate request.</summary>
    Terminated = 5,
    /// <summary>This run closed and a new run of the same id continues it.</summary>
    ContinuedAsNew = 6,
    /// <summary>Closed by a workflow timeout.</summary>
    TimedOut = 7,
}
