namespace Hourglass.Protocol;

/// <summary>Which backend serves an operation.</summary>
public enum BackendKind
{
    /// <summary>The Temporal server, through the Temporalio client.</summary>
    Real = 0,
    /// <summary>The in-process mock: an in-memory Temporal with Mox-style scripting.</summary>
    Mock = 1,
    /// <summary>An actor of the caller's (a TestKit probe, say) that receives the operations as they are.</summary>
    Actor = 2,
}
