using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Tests.Real;

/// <summary>Every error kind the real backend reports, from real RPC failures of the fake frontend.</summary>
public sealed class RealBackendFailureTests(ITestOutputHelper output)
    : RealBackendTestKit(output, "hourglass.real.retry.max-attempts = 1")
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_duplicate_start_is_AlreadyStarted_with_the_running_run_id()
    {
        Router.Tell(new StartWorkflow("T", "dup"));
        var first = ExpectMsg<WorkflowStarted>(Patience).Handle;

        Router.Tell(new StartWorkflow("T", "dup"));

        var failed = ExpectFailure(ErrorKind.AlreadyStarted, Patience);
        Assert.Equal(first.RunId, failed.Error.ExistingRunId);
        Assert.Equal((int)StatusCode.AlreadyExists, failed.Error.GrpcCode);
    }

    [Fact]
    public void An_unknown_workflow_is_NotFound_and_an_unknown_namespace_NamespaceNotFound()
    {
        Router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("ghost")));
        ExpectFailure(ErrorKind.NotFound, Patience);

        Router.Tell(new SignalWorkflow(new WorkflowHandle("nowhere", "ghost"), "s"));
        ExpectFailure(ErrorKind.NamespaceNotFound, Patience);
    }

    public static TheoryData<StatusCode, IMessage?, ErrorKind> InjectedStatuses => new()
    {
        { StatusCode.PermissionDenied, null, ErrorKind.PermissionDenied },
        { StatusCode.Unauthenticated, null, ErrorKind.PermissionDenied },
        { StatusCode.ResourceExhausted, new ResourceExhaustedFailure(), ErrorKind.Overloaded },
        { StatusCode.Unavailable, null, ErrorKind.Unreachable },
        // CANCELLED without failure details cannot be told from the client's own code for a connection
        // closed under the call: Unreachable. With details it is the server's Canceled.
        { StatusCode.Cancelled, null, ErrorKind.Unreachable },
        { StatusCode.Cancelled, new SystemWorkflowFailure(), ErrorKind.Canceled },
        { StatusCode.Unknown, null, ErrorKind.Unreachable },
        { StatusCode.Unknown, new SystemWorkflowFailure(), ErrorKind.Rpc },
        { StatusCode.Internal, null, ErrorKind.Rpc },
        { StatusCode.DeadlineExceeded, null, ErrorKind.Timeout },
        { StatusCode.FailedPrecondition, null, ErrorKind.FailedPrecondition },
        { StatusCode.InvalidArgument, null, ErrorKind.InvalidArgument },
        { StatusCode.NotFound, new NamespaceNotFoundFailure { Namespace = "default" }, ErrorKind.NamespaceNotFound },
        { StatusCode.AlreadyExists, new WorkflowExecutionAlreadyStartedFailure { RunId = "r-1" }, ErrorKind.AlreadyStarted },
    };

    [Theory]
    [MemberData(nameof(InjectedStatuses))]
    public void A_server_status_is_classified_by_its_code_and_details(StatusCode code, IMessage? detail, ErrorKind expected)
    {
        Server.InjectFault("StartWorkflowExecution", FakeFault.Error(code, "injected by the test", detail));

        Router.Tell(new StartWorkflow("T", $"injected-{code}"));

        var failed = ExpectFailure(expected, Patience);
        Assert.Equal((int)code, failed.Error.GrpcCode);
        Assert.Equal("injected by the test", failed.Error.Message);
    }

    [Fact]
    public void A_slow_server_is_a_Timeout_within_the_rpc_timeout()
    {
        var router = StartRouter("hourglass.real { rpc-timeout = 300ms, retry.max-attempts = 3 }");
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.Delayed(TimeSpan.FromSeconds(5)), times: null);

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("slow")));

        var failed = ExpectFailure(ErrorKind.Timeout, TimeSpan.FromSeconds(3));
        Assert.Contains("rpc-timeout", failed.Error.Message);
        // A call past its deadline is never retried.
        Assert.Single(Server.RequestsOf<DescribeWorkflowExecutionRequest>());
    }

    [Fact]
    public async Task A_stopped_server_is_Unreachable_and_the_same_actor_succeeds_once_it_is_back()
    {
        var router = Router;
        router.Tell(new StartWorkflow("T", "before-stop"));
        ExpectMsg<WorkflowStarted>(Patience);

        await Server.StopAsync();
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("before-stop")));
        // The call racing the stop can see its connection drop rather than be refused.
        var failed = ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(5));
        Assert.Contains(failed.Error.Kind, new[] { ErrorKind.Unreachable, ErrorKind.Canceled, ErrorKind.Rpc });
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("before-stop")));
        Assert.Equal(ErrorKind.Unreachable, ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(5)).Error.Kind);

        await Server.RestartAsync();
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("before-stop")));
        ExpectMsg<WorkflowDescribed>(Patience);
    }

    [Fact]
    public void Retries_resend_a_transient_failure_with_the_same_request_id()
    {
        var router = StartRouter("hourglass.real.retry.max-attempts = 3");
        Server.InjectFault("StartWorkflowExecution", FakeFault.Error(StatusCode.Unavailable, "blip"), times: 2);
        var start = new StartWorkflow("T", "retried");

        router.Tell(start);

        ExpectMsg<WorkflowStarted>(Patience);
        var sent = Server.RequestsOf<StartWorkflowExecutionRequest>();
        Assert.Equal(3, sent.Count);
        Assert.All(sent, s => Assert.Equal(start.RequestId, s.RequestId));
    }

    [Fact]
    public void Retries_are_bounded()
    {
        var router = StartRouter("hourglass.real.retry.max-attempts = 2");
        Server.InjectFault("SignalWorkflowExecution", FakeFault.Error(StatusCode.Unavailable, "down"), times: null);

        router.Tell(new SignalWorkflow(WorkflowHandle.Latest("x"), "s"));

        ExpectFailure(ErrorKind.Unreachable, Patience);
        Assert.Equal(2, Server.RequestsOf<SignalWorkflowExecutionRequest>().Count);
    }

    [Fact]
    public void Beyond_max_in_flight_an_operation_answers_Overloaded_at_once()
    {
        var router = StartRouter("hourglass.real.max-in-flight = 2");
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.Delayed(TimeSpan.FromSeconds(1)), times: null);
        var handle = WorkflowHandle.Latest("busy");

        router.Tell(new DescribeWorkflow(handle));
        router.Tell(new DescribeWorkflow(handle));
        router.Tell(new DescribeWorkflow(handle));

        var overloaded = ExpectFailure(ErrorKind.Overloaded, TimeSpan.FromMilliseconds(800));
        Assert.Contains("max-in-flight", overloaded.Error.Message);
        ExpectFailure(ErrorKind.NotFound, Patience);
        ExpectFailure(ErrorKind.NotFound, Patience);
    }

    [Fact]
    public void Nothing_hangs_when_the_server_accepts_but_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true) accepted.Add(await silent.AcceptSocketAsync());
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        });
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var router = StartRouter($"hourglass.real {{ target-host = \"127.0.0.1:{port}\", connect-timeout = 500ms }}");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        var failed = ExpectFailure(ErrorKind.Unreachable, TimeSpan.FromSeconds(5));
        Assert.Contains("connect-timeout", failed.Error.Message);
        silent.Stop();
        foreach (var socket in accepted) socket.Dispose();
    }
}
