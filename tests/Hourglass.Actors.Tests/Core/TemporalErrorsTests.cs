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
