namespace Hourglass.Protocol;

/// <summary>A typed failure: what went wrong, said for people, with the details a caller can act on.</summary>
/// <param name="Kind">The kind of failure; decide on this.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="Detail">Optional further detail for people (never secrets).</param>
public sealed record HourglassError(ErrorKind Kind, string Message, string? Detail = null) : IHourglassMessage
{
    /// <summary>For <see cref="ErrorKind.AlreadyStarted"/>: the run id of the execution already running, when the server said.</summary>
    public string? ExistingRunId { get; init; }

    /// <summary>The gRPC status code the server answered with, when the failure came from an RPC.</summary>
    public int? GrpcCode { get; init; }

    /// <summary>For an <see cref="AwaitWorkflow"/> timeout: the last status seen before giving up.</summary>
    public WorkflowStatus? LastStatus { get; init; }

    /// <summary>For <see cref="ErrorKind.QueryRejected"/>: the state of the workflow the reject condition refused.</summary>
    public WorkflowState? WorkflowState { get; init; }

    /// <summary>For <see cref="ErrorKind.QueryFailed"/>: the failure the worker reported, when the server passed it on.</summary>
    public Temporalio.Api.Failure.V1.Failure? Failure { get; init; }

    /// <summary>
    /// True when sending the same request again later may succeed: Temporal could not be reached,
    /// timed out, was overloaded or canceled the call, the backend failed, or an RPC failed with a
    /// code that says passing trouble (UNKNOWN, ABORTED, INTERNAL, UNAVAILABLE...). False for what
    /// retrying cannot fix: bad input, refused credentials, a missing workflow or namespace, a
    /// precondition, an unimplemented call. Retries, awaits and <c>serve</c>'s ensure-namespace decide on this.
    /// </summary>
    public bool IsTransient => Kind switch
    {
        ErrorKind.Unreachable or ErrorKind.Timeout or ErrorKind.Overloaded or ErrorKind.BackendFailed or ErrorKind.Canceled => true,
        // Cancelled, Unknown, DeadlineExceeded, ResourceExhausted, Aborted, Internal, Unavailable.
        ErrorKind.Rpc => GrpcCode is null or 1 or 2 or 4 or 8 or 10 or 13 or 14,
        _ => false,
    };

    /// <summary>
    /// What a node shutting down answers for what it can no longer serve: BackendFailed, to be sent
    /// to another node.
    /// </summary>
    internal static HourglassError NodeShuttingDown() =>
        BackendFailed("this Hourglass node is shutting down; send the operation to another node");

    /// <summary>
    /// What an actor stopped before it could answer says: <see cref="NodeShuttingDown"/> while
    /// <paramref name="system"/> shuts down, else BackendFailed with <paramref name="otherwise"/>.
    /// </summary>
    internal static HourglassError Stopped(Akka.Actor.ActorSystem system, string otherwise) =>
        Akka.Actor.CoordinatedShutdown.Get(system).ShutdownReason is not null ? NodeShuttingDown() : BackendFailed(otherwise);

    /// <summary>Bad input, refused before any backend call.</summary>
    public static HourglassError InvalidArgument(string message) => new(ErrorKind.InvalidArgument, message);

    /// <summary>The workflow execution does not exist.</summary>
    public static HourglassError NotFound(string message) => new(ErrorKind.NotFound, message);

    /// <summary>The backend failed internally.</summary>
    public static HourglassError BackendFailed(string message, string? detail = null) =>
        new(ErrorKind.BackendFailed, message, detail);

    /// <inheritdoc />
    public override string ToString() =>
        Detail is null ? $"{Kind}: {Message}" : $"{Kind}: {Message} ({Detail})";
}
