using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Status;

/// <summary>GetWorkflowStatus decodes describe (and history when asked) into WorkflowStatus.</summary>
public sealed class WorkflowStatusTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.status.max-recent-failures = 3")
{
    [Fact]
    public void A_running_workflow_reports_Running_with_its_pending_activities()
    {
        var handle = StartOne("status-1", "PaymentWorkflow");
        Hourglass.Tell(new SetPendingActivity(handle, "ChargeCard", 3, MockFailures.Application("card declined", "CardError")));
        ExpectMsg<MockWorkflowUpdated>();

        Hourglass.Tell(new GetWorkflowStatus(handle.WithoutRun()));
        var status = ExpectMsg<WorkflowStatus>();

        Assert.Equal(handle, status.Handle);
        Assert.Equal(WorkflowState.Running, status.State);
        Assert.False(status.IsClosed);
        Assert.Equal("PaymentWorkflow", status.WorkflowType);
        Assert.Equal("default", status.TaskQueue);
        Assert.NotNull(status.StartTime);
        Assert.Null(status.CloseTime);
        Assert.Null(status.RecentFailures);
        var pending = Assert.Single(status.PendingActivities);
        Assert.Equal("ChargeCard", pending.ActivityType);
        Assert.Equal(3, pending.Attempt);
        Assert.Equal("card declined", pending.LastFailure!.Message);
    }

    [Fact]
    public void With_failures_the_status_lists_activity_failures_with_the_attempt_of_their_started_event()
    {
        var handle = StartOne("status-2");
        Hourglass.Tell(new FailActivity(handle, "Reserve", 4, "out of stock", "StockError"));
        Hourglass.Tell(new FailActivity(handle, "Notify", 1, "smtp down"));
        ExpectMsg<MockWorkflowUpdated>();
        ExpectMsg<MockWorkflowUpdated>();

        Hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));
        var failures = ExpectMsg<WorkflowStatus>().RecentFailures!;

        Assert.Equal(2, failures.Count);
        Assert.Equal(("Reserve", 4, "out of stock", "StockError"),
            (failures[0].ActivityType, failures[0].Attempt, failures[0].Failure.Message, failures[0].Failure.ApplicationFailureInfo.Type));
        Assert.Equal(("Notify", 1), (failures[1].ActivityType, failures[1].Attempt));
        Assert.True(failures[0].EventId < failures[1].EventId);

        Hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: false));
        Assert.Null(ExpectMsg<WorkflowStatus>().RecentFailures);
    }

    [Fact]
    public void Only_the_most_recent_failures_are_kept()
    {
        var handle = StartOne("status-3");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Hourglass.Tell(new FailActivity(handle, "Flaky", attempt, $"failure {attempt}"));
            ExpectMsg<MockWorkflowUpdated>();
        }

        Hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));

        Assert.Equal(new[] { 3, 4, 5 }, ExpectMsg<WorkflowStatus>().RecentFailures!.Select(f => f.Attempt));
    }

    public static TheoryData<string, WorkflowState> ClosingControls => new()
    {
        { "complete", WorkflowState.Completed },
        { "fail", WorkflowState.Failed },
        { "cancel", WorkflowState.Canceled },
        { "terminate", WorkflowState.Terminated },
        { "time-out", WorkflowState.TimedOut },
        { "continue", WorkflowState.ContinuedAsNew },
    };

    [Theory]
    [MemberData(nameof(ClosingControls))]
    public void Every_closed_state_is_decoded(string how, WorkflowState expected)
    {
        var handle = StartOne($"status-{how}");
        foreach (var message in Closing.Messages(handle, how))
        {
            Hourglass.Tell(message);
            ExpectMsg<IHourglassReply>(Closing.IsConfirmation);
        }

        Hourglass.Tell(new GetWorkflowStatus(handle));
        var status = ExpectMsg<WorkflowStatus>();

        Assert.Equal(expected, status.State);
        Assert.True(status.IsClosed);
        Assert.NotNull(status.CloseTime);
    }

    [Fact]
    public void A_cancel_request_leaves_the_workflow_Running_with_cancel_requested_until_the_worker_honours_it()
    {
        var handle = StartOne("status-cancel");
        Hourglass.Tell(new GetWorkflowStatus(handle));
        Assert.False(ExpectMsg<WorkflowStatus>().CancelRequested);

        Hourglass.Tell(new CancelWorkflow(handle, "customer changed their mind"));
        ExpectMsg<CancelRequested>();
        Hourglass.Tell(new GetWorkflowStatus(handle));
        var requested = ExpectMsg<WorkflowStatus>();
        Assert.Equal((WorkflowState.Running, true), (requested.State, requested.CancelRequested));

        Hourglass.Tell(new HonourCancel(handle));
        ExpectMsg<MockWorkflowUpdated>();
        Hourglass.Tell(new GetWorkflowStatus(handle));
        var canceled = ExpectMsg<WorkflowStatus>();
        Assert.Equal((WorkflowState.Canceled, true), (canceled.State, canceled.CancelRequested));
    }

    [Fact]
    public void A_failed_history_read_is_an_error_not_an_empty_list()
    {
        var handle = StartOne("status-4");
        Hourglass.Tell(MockScript.PassThrough<DescribeWorkflow>());
        Hourglass.Tell(MockScript.Stub<FetchHistory>(_ => new HourglassError(ErrorKind.Unreachable, "history store down")));
        ExpectMsg<MockScriptAccepted>();
        ExpectMsg<MockScriptAccepted>();

        Hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));

        var failed = ExpectFailure(ErrorKind.Unreachable);
        Assert.Equal(new GetWorkflowStatus(handle, true), failed.Request);
    }
}
