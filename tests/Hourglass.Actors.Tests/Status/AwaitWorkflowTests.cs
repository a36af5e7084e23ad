using Akka.TestKit;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Status;

/// <summary>AwaitWorkflow long polls until the workflow closes, or times out with the last status.</summary>
public sealed class AwaitWorkflowTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Await_answers_WorkflowClosed_with_the_decoded_result_once_the_workflow_completes()
    {
        var handle = StartOne("await-1");
        var waiter = CreateTestProbe();
        Hourglass.Tell(new AwaitWorkflow(handle, Patience, Poll), waiter);

        // Still open: nothing yet.
        waiter.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)new Receipt("order-1", 42.5m)));
        ExpectMsg<MockWorkflowUpdated>();

        var closed = waiter.ExpectMsg<WorkflowClosed>();
        Assert.Equal(WorkflowState.Completed, closed.Status.State);
        Assert.Equal(handle, closed.Handle);
        Assert.Equal(new Receipt("order-1", 42.5m), closed.ResultAs<Receipt>());
        Assert.Null(closed.Failure);
    }

    [Theory]
    [InlineData("fail", WorkflowState.Failed)]
    [InlineData("cancel", WorkflowState.Canceled)]
    [InlineData("terminate", WorkflowState.Terminated)]
    [InlineData("time-out", WorkflowState.TimedOut)]
    [InlineData("continue", WorkflowState.ContinuedAsNew)]
    public void Await_answers_WorkflowClosed_with_the_status_for_every_other_closed_state(string how, WorkflowState expected)
    {
        var handle = StartOne($"await-{how}");
        foreach (var message in Closing.Messages(handle, how))
        {
            Hourglass.Tell(message);
            ExpectMsg<IHourglassReply>(Closing.IsConfirmation);
        }

        // The run pinned: a continued-as-new run is closed even though its successor runs.
        Hourglass.Tell(new AwaitWorkflow(handle, Patience, Poll));
        var closed = ExpectMsg<WorkflowClosed>();

        Assert.Equal(expected, closed.Status.State);
        Assert.Null(closed.Result);
        if (expected == WorkflowState.Failed)
            Assert.Equal("workflow blew up", closed.Failure!.Message);
    }

    [Fact]
    public void An_await_after_a_cancel_request_waits_for_the_worker_to_honour_it()
    {
        var handle = StartOne("await-cancel-requested");
        Hourglass.Tell(new CancelWorkflow(handle, "stop"));
        ExpectMsg<CancelRequested>();
        var waiter = CreateTestProbe();
        Hourglass.Tell(new AwaitWorkflow(handle, Patience, Poll), waiter);

        // Requested, not honoured: the run is still Running.
        waiter.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        Hourglass.Tell(new HonourCancel(handle, (object?)"refunded"));
        ExpectMsg<MockWorkflowUpdated>();

        var closed = waiter.ExpectMsg<WorkflowClosed>();
        Assert.Equal(WorkflowState.Canceled, closed.Status.State);
    }

    [Fact]
    public void Await_on_the_latest_run_follows_continue_as_new_to_the_run_that_completes()
    {
        var first = StartOne("await-chain");
        Hourglass.Tell(new ContinueAsNew(first, 2));
        var second = ExpectMsg<MockWorkflowUpdated>().Handle;

        Hourglass.Tell(new AwaitWorkflow(first.WithoutRun(), Patience, Poll));
        Hourglass.Tell(new CompleteWorkflow(second, (object?)"last"));

        var closed = FishForMessage<WorkflowClosed>(_ => true);
        Assert.Equal(second.RunId, closed.Handle.RunId);
        Assert.Equal("last", closed.ResultAs<string>());
    }

    [Fact]
    public void A_workflow_that_stays_open_times_out_with_the_last_status()
    {
        var handle = StartOne("await-open");

        Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromMilliseconds(300), Poll));

        var failed = ExpectFailure(ErrorKind.Timeout);
        Assert.Equal(WorkflowState.Running, failed.Error.LastStatus!.State);
        Assert.Equal(handle, failed.Error.LastStatus.Handle);
        Assert.Contains("still Running", failed.Error.Message);
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(0, ExpectMsg<HourglassStats>().ActiveQueries);
        });
    }

    [Fact]
    public void An_unknown_workflow_fails_at_once_with_NotFound()
    {
        Hourglass.Tell(new AwaitWorkflow(WorkflowHandle.Latest("never-started"), Patience, Poll));

        ExpectFailure(ErrorKind.NotFound, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Await_keeps_polling_through_transient_errors()
    {
        var handle = StartOne("await-flaky");
        Hourglass.Tell(MockScript.Expect<PollHistory>(2, _ => new HourglassError(ErrorKind.Unreachable, "blip")));
        Hourglass.Tell(MockScript.PassThrough<PollHistory>());
        ExpectMsg<MockScriptAccepted>();
        ExpectMsg<MockScriptAccepted>();
        var other = CreateTestProbe();
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)7), other);
        other.ExpectMsg<MockWorkflowUpdated>();

        Hourglass.Tell(new AwaitWorkflow(handle, Patience, Poll));

        Assert.Equal(7, ExpectMsg<WorkflowClosed>().ResultAs<int>());
        Hourglass.Tell(MockScript.Verify());
        Assert.True(ExpectMsg<MockVerified>().Satisfied);
    }

    [Fact]
    public void Await_long_polls_the_backend_chosen_for_the_original_sender()
    {
        const string runId = "22222222-2222-2222-2222-222222222222";
        var backend = CreateTestProbe("await-backend");
        var polls = 0;
        backend.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            switch (message)
            {
                case DescribeWorkflow d:
                    // The handle names no run: the await learns which run it means.
                    sender.Tell(new WorkflowDescribed(d.Handle, Described(runId, WorkflowExecutionStatus.Running)));
                    break;
                case PollHistory p:
                    // Two polls expire (no events, a token), the third brings the close event.
                    sender.Tell(++polls < 3
                        ? new HistoryPolled(p.Handle, [], Google.Protobuf.ByteString.CopyFromUtf8($"token-{polls}"))
                        : new HistoryPolled(p.Handle, CompletedHistory("by hand").Events.ToArray(), Google.Protobuf.ByteString.Empty));
                    break;
            }
            return AutoPilot.KeepRunning;
        }));
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(new AwaitWorkflow(WorkflowHandle.Latest("elsewhere"), Patience, Poll));

        var closed = ExpectMsg<WorkflowClosed>();
        Assert.Equal(runId, closed.Handle.RunId);
        Assert.Equal("by hand", closed.ResultAs<string>());
        Assert.Equal(3, polls);
        backend.ExpectMsg<DescribeWorkflow>();
        var first = backend.ExpectMsg<PollHistory>();
        Assert.Equal((runId, HistoryEventFilterType.CloseEvent, true), (first.Handle.RunId, first.Filter, first.NextPageToken.IsEmpty));
        Assert.Equal("token-1", backend.ExpectMsg<PollHistory>().NextPageToken.ToStringUtf8());
    }

    [Fact]
    public void A_backend_that_never_answers_still_gets_the_await_answered_at_its_deadline()
    {
        var silent = CreateTestProbe("silent-backend");
        Hourglass.Tell(new UseBackend(BackendChoice.Of(silent)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(new AwaitWorkflow(WorkflowHandle.Latest("void"), TimeSpan.FromMilliseconds(300), Poll));

        var failed = ExpectFailure(ErrorKind.Timeout);
        Assert.Null(failed.Error.LastStatus);
    }

    private static DescribeWorkflowExecutionResponse Described(string runId, WorkflowExecutionStatus status) => new()
    {
        WorkflowExecutionInfo = new WorkflowExecutionInfo
        {
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = "elsewhere", RunId = runId },
            Type = new Temporalio.Api.Common.V1.WorkflowType { Name = "Remote" },
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        },
    };

    private static History CompletedHistory(string result) => new()
    {
        Events =
        {
            new HistoryEvent
            {
                EventId = 1,
                EventType = EventType.WorkflowExecutionCompleted,
                WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
                {
                    Result = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { HourglassPayload.From(result) } },
                },
            },
        },
    };

    public sealed record Receipt(string OrderId, decimal Total);
}
