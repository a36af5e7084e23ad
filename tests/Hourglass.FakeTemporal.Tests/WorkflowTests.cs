using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class WorkflowTests
{
    [Fact]
    public async Task Start_describe_signal_cancel_arrive_with_their_fields()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var service = connection.WorkflowService;

        var start = Start("order-1");
        var started = await service.StartWorkflowExecutionAsync(start, Rpc());
        Assert.True(started.Started);
        var execution = new WorkflowExecution { WorkflowId = "order-1", RunId = started.RunId };

        var described = await service.DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = execution }, Rpc());
        Assert.Equal(WorkflowExecutionStatus.Running, described.WorkflowExecutionInfo.Status);
        Assert.Equal("Greeter", described.WorkflowExecutionInfo.Type.Name);

        var signalRequestId = Guid.NewGuid().ToString();
        await service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = execution,
            SignalName = "approve",
            RequestId = signalRequestId,
            Identity = "tests",
        }, Rpc());

        var cancelRequestId = Guid.NewGuid().ToString();
        await service.RequestCancelWorkflowExecutionAsync(new RequestCancelWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = execution,
            RequestId = cancelRequestId,
            Reason = "customer changed their mind",
        }, Rpc());

        var after = await service.DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = execution }, Rpc());
        // Requested, not honoured: a server keeps the run Running until its worker acts.
        Assert.Equal(WorkflowExecutionStatus.Running, after.WorkflowExecutionInfo.Status);
        Assert.True(after.WorkflowExtendedInfo.CancelRequested);

        Assert.Equal(
            ["GetSystemInfo", "StartWorkflowExecution", "DescribeWorkflowExecution", "SignalWorkflowExecution",
             "RequestCancelWorkflowExecution", "DescribeWorkflowExecution"],
            server.Requests.Select(r => r.Method));
        var recordedStart = Assert.Single(server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.Equal(("default", "order-1", start.RequestId), (recordedStart.Namespace, recordedStart.WorkflowId, recordedStart.RequestId));
        var signal = Assert.Single(server.RequestsOf<SignalWorkflowExecutionRequest>());
        Assert.Equal(("default", started.RunId, "approve", signalRequestId),
            (signal.Namespace, signal.WorkflowExecution.RunId, signal.SignalName, signal.RequestId));
        var cancel = Assert.Single(server.RequestsOf<RequestCancelWorkflowExecutionRequest>());
        Assert.Equal(("default", started.RunId, cancelRequestId, "customer changed their mind"),
            (cancel.Namespace, cancel.WorkflowExecution.RunId, cancel.RequestId, cancel.Reason));
    }

    [Fact]
    public async Task Starting_a_running_workflow_again_is_AlreadyExists_with_the_run_id_in_the_detail()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var first = await connection.WorkflowService.StartWorkflowExecutionAsync(Start("dup"), Rpc());

        var (error, _) = await FailsAsync(() => connection.WorkflowService.StartWorkflowExecutionAsync(Start("dup"), Rpc()));

        Assert.Equal(StatusCode.AlreadyExists, error.Code);
        Assert.Contains(first.RunId, error.Message);
        var detail = Assert.Single(error.GrpcStatus.Value!.Details);
        var alreadyStarted = detail.Unpack<WorkflowExecutionAlreadyStartedFailure>();
        Assert.Equal(first.RunId, alreadyStarted.RunId);
        Assert.Equal(2, server.RequestsOf<StartWorkflowExecutionRequest>().Count);
    }

    [Fact]
    public async Task A_history_of_several_pages_arrives_whole_page_by_page()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        server.Temporal.HistoryPageSize = 3;
        var connection = await ConnectAsync(server);
        var service = connection.WorkflowService;
        var started = await service.StartWorkflowExecutionAsync(Start("long"), Rpc());
        var execution = new WorkflowExecution { WorkflowId = "long", RunId = started.RunId };
        for (var i = 0; i < 6; i++)
        {
            await service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
            {
                Namespace = "default", WorkflowExecution = execution, SignalName = $"s{i}",
            }, Rpc());
        }
        server.Temporal.CompleteWorkflow("default", execution, result: null);

        var events = new List<long>();
        var pages = 0;
        var request = new GetWorkflowExecutionHistoryRequest { Namespace = "default", Execution = execution, MaximumPageSize = 3 };
        do
        {
            var page = await service.GetWorkflowExecutionHistoryAsync(request, Rpc());
            pages++;
            events.AddRange(page.History.Events.Select(e => e.EventId));
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        // Started, task scheduled, 6 signals, task started, task completed, completed: 11 events.
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), events);
        Assert.True(pages >= 3, $"only {pages} pages");
        Assert.Equal(pages, server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Count);
        Assert.True(server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Skip(1).All(r => !r.NextPageToken.IsEmpty));
    }

    [Fact]
    public async Task Terminating_closes_the_run_and_a_second_terminate_is_NotFound()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var connection = await ConnectAsync(server);
        var started = await connection.WorkflowService.StartWorkflowExecutionAsync(Start("doomed"), Rpc());
        var terminate = new TerminateWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = "doomed", RunId = started.RunId },
            Reason = "cleanup",
        };

        await connection.WorkflowService.TerminateWorkflowExecutionAsync(terminate, Rpc());
        var (error, _) = await FailsAsync(() => connection.WorkflowService.TerminateWorkflowExecutionAsync(terminate, Rpc()));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.True(Assert.Single(error.GrpcStatus.Value!.Details).Is(NotFoundFailure.Descriptor));
        Assert.All(server.RequestsOf<TerminateWorkflowExecutionRequest>(), r => Assert.Equal("cleanup", r.Reason));
    }
}
