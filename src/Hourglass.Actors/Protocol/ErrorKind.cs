namespace Hourglass.Protocol;

/// <summary>What kind of failure an <see cref="HourglassError"/> is; decide retries on this, never on message text.</summary>
public enum ErrorKind
{
    /// <summary>
    /// Missing or malformed input: refused by Hourglass before any backend call (the message names
    /// the field), or by the server (INVALID_ARGUMENT, <see cref="HourglassError.GrpcCode"/> set).
    /// Sending the same request again cannot succeed.
    /// </summary>
    InvalidArgument = 0,
    /// <summary>The Temporal server could not be reached (connection failed or lost).</summary>
    Unreachable = 1,
    /// <summary>The namespace does not exist.</summary>
    NamespaceNotFound = 2,
    /// <summary>A workflow with this id is already running (the error carries its run id when known).</summary>
    AlreadyStarted = 3,
    /// <summary>The workflow execution does not exist, or is closed for this operation.</summary>
    NotFound = 4,
    /// <summary>A deadline passed: an RPC timeout, or an await whose workflow stayed open.</summary>
    Timeout = 5,
    /// <summary>The call was canceled before it completed.</summary>
    Canceled = 6,
    /// <summary>Not allowed: the server refused credentials, or overrides are switched off.</summary>
    PermissionDenied = 7,
    /// <summary>Too much at once: the server is rate limiting, or the backend's in-flight limit is reached.</summary>
    Overloaded = 8,
    /// <summary>Any other RPC failure; the error carries the gRPC code.</summary>
    Rpc = 9,
    /// <summary>The backend failed internally (crashed, stopped, or not available).</summary>
    BackendFailed = 10,
    /// <summary>The scripted mock received a call that no expectation or stub covers.</summary>
    UnexpectedCall = 11,
    /// <summary>
    /// A query was refused by its reject condition (the workflow is closed, or did not complete
    /// cleanly); the error's <see cref="HourglassError.WorkflowState"/> says how the workflow stands.
    /// </summary>
    QueryRejected = 12,
    /// <summary>The worker's query handler failed; the error's <see cref="HourglassError.Failure"/> is what it reported.</summary>
    QueryFailed = 13,
    /// <summary>
    /// The server refused the request in the workflow's or namespace's present state
    /// (FAILED_PRECONDITION); retrying the same request will not help until that state changes.
    /// </summary>
    FailedPrecondition = 14,
}
