namespace Hourglass.Backends.Mock;

/// <summary>What the worker did with an update (<see cref="UpdateAnswer"/>).</summary>
public enum UpdateAnswerKind
{
    /// <summary>Accepted and completed with a result.</summary>
    Completed = 0,
    /// <summary>Accepted, then the handler failed.</summary>
    Failed = 1,
    /// <summary>The validator rejected it: nothing is written to the history.</summary>
    Rejected = 2,
    /// <summary>Accepted, the handler still running: the outcome comes later (<see cref="InMemoryTemporal.CompleteUpdate"/>).</summary>
    Accepted = 3,
}
