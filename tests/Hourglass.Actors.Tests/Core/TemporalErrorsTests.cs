using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Temporal;
using Temporalio.Api.ErrorDetails.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Tests.Core;

/// <summary>Errors are classified from the gRPC code and the failure details, never from the text.</summary>
public sealed class TemporalErrorsTests
{
    public static TheoryData<StatusCode, IMessage?, ErrorKind> Table => new()
    {
        { StatusCode.AlreadyExists, new WorkflowExecutionAlreadyStartedFailure { RunId = "run-9" }, ErrorKind.AlreadyStarted },
        { StatusCode.NotFound, new NamespaceNotFoundFailure { Namespace = "ns" }, ErrorKind.NamespaceNotFound },
        { StatusCode.NotFound, new NotFoundFailure(), ErrorKind.NotFound },
        { StatusCode.NotFound, null, ErrorKind.NotFound },
        { StatusCode.PermissionDenied, new PermissionDeniedFailure(), ErrorKind.PermissionDenied },
        { StatusCode.Unauthenticated, null, ErrorKind.PermissionDenied },
        { StatusCode.ResourceExhausted, new ResourceExhaustedFailure(), ErrorKind.Overloaded },
        { StatusCode.DeadlineExceeded, null, ErrorKind.Timeout },
        { StatusCode.Unavailable, null, ErrorKind.Unreachable },
        { StatusCode.Cancelled, null, ErrorKind.Canceled },
        { StatusCode.AlreadyExists, new NamespaceAlreadyExistsFailure(), ErrorKind.Rpc },
        { StatusCode.InvalidArgument, null, ErrorKind.InvalidArgument },
        { StatusCode.FailedPrecondition, null, ErrorKind.FailedPrecondition },
        { StatusCode.Internal, null, ErrorKind.Rpc },
        { StatusCode.Unimplemented, null, ErrorKind.Rpc },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Code_and_details_decide_the_kind(StatusCode code, IMessage? detail, ErrorKind expected)
    {
        var error = TemporalErrors.Classify(InMemoryTemporal.Fail(code, "any words at all", detail));

        Assert.Equal(expected, error.Kind);
        Assert.Equal((int)code, error.GrpcCode);
        Assert.Equal("any words at all", error.Message);
    }

    public static TheoryData<StatusCode, byte[]?, ErrorKind> WithoutServerStatus => new()
    {
        // What the Temporalio client reports for a broken transport: its own code, no raw status.
        { StatusCode.Unknown, [], ErrorKind.Unreachable },
        { StatusCode.Unknown, null, ErrorKind.Unreachable },
        { StatusCode.Cancelled, [], ErrorKind.Unreachable },
        { StatusCode.Unavailable, [], ErrorKind.Unreachable },
        { StatusCode.Internal, [], ErrorKind.Rpc },
        { StatusCode.Unauthenticated, [], ErrorKind.PermissionDenied },
        // A status the server sent (with details) is the server's word.
        { StatusCode.Unknown, new Temporalio.Api.Common.V1.GrpcStatus { Code = 2, Message = "m" }.ToByteArray(), ErrorKind.Rpc },
        { StatusCode.Cancelled, new Temporalio.Api.Common.V1.GrpcStatus { Code = 1, Message = "m" }.ToByteArray(), ErrorKind.Canceled },
    };

    [Theory]
    [MemberData(nameof(WithoutServerStatus))]
    public void A_code_without_a_server_sent_status_is_a_transport_failure(StatusCode code, byte[]? rawStatus, ErrorKind expected)
    {
        var error = TemporalErrors.Classify(new Temporalio.Exceptions.RpcException(code, "transport error", rawStatus));

        Assert.Equal(expected, error.Kind);
        Assert.Equal((int)code, error.GrpcCode);
        Assert.True(error.IsTransient || expected == ErrorKind.PermissionDenied);
    }

    public static TheoryData<ErrorKind, int?, bool> Transience => new()
    {
        { ErrorKind.Unreachable, null, true },
        { ErrorKind.Timeout, 4, true },
        { ErrorKind.Overloaded, 8, true },
        { ErrorKind.BackendFailed, null, true },
        { ErrorKind.Canceled, null, true },
        { ErrorKind.Rpc, 13, true },
        { ErrorKind.Rpc, 10, true },
        { ErrorKind.Rpc, 2, true },
        { ErrorKind.Rpc, 12, false },
        { ErrorKind.Rpc, 6, false },
        { ErrorKind.Rpc, 15, false },
        { ErrorKind.PermissionDenied, 16, false },
        { ErrorKind.InvalidArgument, null, false },
        { ErrorKind.NotFound, 5, false },
        { ErrorKind.NamespaceNotFound, 5, false },
        { ErrorKind.FailedPrecondition, 9, false },
        { ErrorKind.AlreadyStarted, 6, false },
    };

    [Theory]
    [MemberData(nameof(Transience))]
    public void Transient_errors_are_the_ones_a_later_attempt_may_fix(ErrorKind kind, int? code, bool transient) =>
        Assert.Equal(transient, new HourglassError(kind, "m") { GrpcCode = code }.IsTransient);

    [Fact]
    public void The_text_is_never_read()
    {
        var misleading = TemporalErrors.Classify(InMemoryTemporal.Fail(StatusCode.Internal, "workflow not found: already started, namespace not found", null));

        Assert.Equal(ErrorKind.Rpc, misleading.Kind);
    }

    [Fact]
    public void AlreadyStarted_carries_the_running_run_id()
    {
        var error = TemporalErrors.Classify(InMemoryTemporal.Fail(StatusCode.AlreadyExists, "running",
            new WorkflowExecutionAlreadyStartedFailure { RunId = "6a1b", StartRequestId = "req" }));

        Assert.Equal("6a1b", error.ExistingRunId);
    }

    [Fact]
    public void Unknown_details_are_skipped_and_the_code_decides()
    {
        var error = TemporalErrors.Classify(StatusCode.NotFound, "x", new[] { Any.Pack(new StringValue { Value = "noise" }) });

        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}
