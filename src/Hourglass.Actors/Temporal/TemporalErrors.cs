using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Temporal;

/// <summary>
/// Classifies a Temporal frontend's failure from its gRPC status code and the failure details it
/// packed into the status — never from the message text, which servers reword between versions.
/// </summary>
public static class TemporalErrors
{
    /// <summary>
    /// The error for an RPC failure as Temporalio reports it. A failure of the transport comes as an
    /// RpcException too, with a code the client made up and no status from the server: a connection
    /// reset or refused after connecting is UNKNOWN ("transport error"), one closed before the call
    /// went out CANCELLED, a server that is gone UNAVAILABLE. Those — UNKNOWN, CANCELLED or
    /// UNAVAILABLE without a server-sent status (<see cref="RpcException.RawStatus"/> empty) — are
    /// <see cref="ErrorKind.Unreachable"/>. A server that answers UNKNOWN or CANCELLED without
    /// failure details looks the same to the client, and is reported Unreachable too; INTERNAL (a
    /// reset stream, or a server's own INTERNAL) stays <see cref="ErrorKind.Rpc"/>, transient.
    /// </summary>
    public static HourglassError Classify(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (IsTransportFailure(exception))
            return new HourglassError(ErrorKind.Unreachable, exception.Message, $"{CodeName(exception.Code)}, no status from the server")
            {
                GrpcCode = (int)exception.Code,
            };
        IEnumerable<Any> details;
        try
        {
            details = exception.GrpcStatus.Value?.Details ?? Enumerable.Empty<Any>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            details = Enumerable.Empty<Any>();
        }
        return Classify(exception.Code, exception.Message, details);
    }

    /// <summary>The error for a status code, message and failure details.</summary>
    public static HourglassError Classify(StatusCode code, string message, IEnumerable<Any> details)
    {
        var detail = details.Select(Unpack).FirstOrDefault(d => d is not null);
        var grpc = (int)code;
        var codeName = CodeName(code);

        switch (detail)
        {
            case WorkflowExecutionAlreadyStartedFailure started:
                return new HourglassError(ErrorKind.AlreadyStarted, message, codeName)
                {
                    ExistingRunId = started.RunId.Length > 0 ? started.RunId : null,
                    GrpcCode = grpc,
                };
            case NamespaceNotFoundFailure missing:
                return new HourglassError(ErrorKind.NamespaceNotFound, message,
                    missing.Namespace.Length > 0 ? $"namespace {missing.Namespace}" : codeName)
                { GrpcCode = grpc };
            case QueryFailedFailure queryFailed:
                // The worker's query handler failed: INVALID_ARGUMENT with the worker's message and failure.
                return new HourglassError(ErrorKind.QueryFailed, message, codeName)
                {
                    GrpcCode = grpc,
                    Failure = queryFailed.Failure,
                };
        }

        var kind = code switch
        {
            StatusCode.NotFound => ErrorKind.NotFound,
            StatusCode.PermissionDenied or StatusCode.Unauthenticated => ErrorKind.PermissionDenied,
            StatusCode.ResourceExhausted => ErrorKind.Overloaded,
            StatusCode.DeadlineExceeded => ErrorKind.Timeout,
            StatusCode.Unavailable => ErrorKind.Unreachable,
            StatusCode.Cancelled => ErrorKind.Canceled,
            // Permanent refusals: an await or a retry must not treat them as passing trouble.
            StatusCode.InvalidArgument => ErrorKind.InvalidArgument,
            StatusCode.FailedPrecondition => ErrorKind.FailedPrecondition,
            _ => ErrorKind.Rpc,
        };
        return new HourglassError(kind, message, codeName) { GrpcCode = grpc };
    }

    /// <summary>
    /// True for a failure that carries no status from the server and a code the client gives a broken
    /// transport (UNKNOWN, CANCELLED, UNAVAILABLE). A server-sent status reaches the client with its
    /// raw status only when it has failure details (grpc-status-details-bin), so a bare status and a
    /// transport failure cannot be told apart: both are passing trouble.
    /// </summary>
    public static bool IsTransportFailure(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Code is StatusCode.Unknown or StatusCode.Cancelled or StatusCode.Unavailable
            && exception.RawStatus is not { Length: > 0 };
    }

    /// <summary>
    /// The error for whatever a call through <see cref="ITemporalService"/> threw: the server's
    /// failure classified, a failure before any answer as it was classified, anything else as
    /// <see cref="ErrorKind.BackendFailed"/>.
    /// </summary>
    public static HourglassError Of(Exception exception) => exception switch
    {
        RpcException rpc => Classify(rpc),
        TemporalCallException call => call.Error,
        OperationCanceledException => new HourglassError(ErrorKind.Canceled, "the call was canceled before Temporal answered"),
        _ => HourglassError.BackendFailed($"the backend failed: {exception.GetType().Name}", exception.Message),
    };

    /// <summary>
    /// The error for a query the server refused by its reject condition. The server answers it as a
    /// success, with <c>query_rejected</c> and the workflow's status, not as an RPC failure.
    /// </summary>
    public static HourglassError QueryRejected(Temporalio.Api.Query.V1.QueryRejected rejected, string queryType)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var state = Status.WorkflowStatusDecoder.StateOf(rejected.Status);
        return new HourglassError(ErrorKind.QueryRejected,
            $"query {queryType} was rejected by its reject condition: the workflow is {state}", rejected.Status.ToString())
        {
            WorkflowState = state,
        };
    }

    /// <summary>True when the failure says a namespace already exists (a concurrent register).</summary>
    public static bool IsNamespaceAlreadyExists(RpcException exception) =>
        exception.Code == StatusCode.AlreadyExists
        && (exception.GrpcStatus.Value?.Details.Any(d => d.Is(NamespaceAlreadyExistsFailure.Descriptor)) ?? false);

    /// <summary>The gRPC code's canonical name, e.g. ALREADY_EXISTS.</summary>
    public static string CodeName(StatusCode code) => "grpc " + code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Google.Protobuf.IMessage? Unpack(Any any) =>
        any.TryUnpack<WorkflowExecutionAlreadyStartedFailure>(out var started) ? started
        : any.TryUnpack<NamespaceNotFoundFailure>(out var missing) ? missing
        : any.TryUnpack<QueryFailedFailure>(out var queryFailed) ? queryFailed
        : null;
}
