using Akka.TestKit;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>The typed async helpers return values or throw HourglassException carrying the error.</summary>
public sealed class AskHelperTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public async Task The_helpers_run_the_whole_story()
    {
        Assert.True(await Hourglass.EnsureNamespaceAsync("helpers"));
        var handle = await Hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "helper-1", 1) { Namespace = "helpers" });
        await Hourglass.SignalWorkflowAsync(handle, "approve", "alice");

        var describe = await Hourglass.DescribeWorkflowAsync(handle);
        Assert.Equal(handle.RunId, describe.WorkflowExecutionInfo.Execution.RunId);
        var status = await Hourglass.GetWorkflowStatusAsync(handle, includeFailures: true);
        Assert.Equal(WorkflowState.Running, status.State);
        Assert.Empty(status.RecentFailures!);

        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"shipped"));
        ExpectMsg<MockWorkflowUpdated>();
        var closed = await Hourglass.AwaitWorkflowAsync(handle, TimeSpan.FromSeconds(5));
        Assert.Equal("shipped", closed.ResultAs<string>());

        var history = await Hourglass.FetchHistoryAsync(handle);
        Assert.Contains(history.Events, e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "approve");
    }

    [Fact]
    public async Task A_failure_throws_HourglassException_with_the_error_and_the_request()
    {
        var start = new StartWorkflow("OrderWorkflow", "helper-dup");
        await Hourglass.StartWorkflowAsync(start);

        var e = await Assert.ThrowsAsync<HourglassException>(() => Hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "helper-dup")));

        Assert.Equal(ErrorKind.AlreadyStarted, e.Kind);
        Assert.NotNull(e.Error.ExistingRunId);
        Assert.IsType<StartWorkflow>(e.Request);
    }

    [Fact]
    public async Task Invalid_input_throws_InvalidArgument()
    {
        var e = await Assert.ThrowsAsync<HourglassException>(() => Hourglass.CancelWorkflowAsync(WorkflowHandle.Latest("")));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task An_await_timeout_throws_Timeout_with_the_last_status()
    {
        var handle = await Hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "helper-slow"));

        var e = await Assert.ThrowsAsync<HourglassException>(() => Hourglass.AwaitWorkflowAsync(handle, TimeSpan.FromMilliseconds(200)));

        Assert.Equal(ErrorKind.Timeout, e.Kind);
        Assert.Equal(WorkflowState.Running, e.Error.LastStatus!.State);
    }

    [Fact]
    public async Task No_reply_in_time_throws_Timeout()
    {
        var silent = CreateTestProbe();

        var e = await Assert.ThrowsAsync<HourglassException>(() =>
            silent.Ref.GetWorkflowStatusAsync(WorkflowHandle.Latest("x"), timeout: TimeSpan.FromMilliseconds(100)));

        Assert.Equal(ErrorKind.Timeout, e.Kind);
        Assert.Contains("no reply", e.Error.Message);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_throws_BackendFailed()
    {
        var confused = CreateTestProbe();
        confused.SetAutoPilot(new DelegateAutoPilot((sender, _) =>
        {
            sender.Tell(new NamespaceEnsured("wrong", false));
            return AutoPilot.KeepRunning;
        }));

        var e = await Assert.ThrowsAsync<HourglassException>(() => confused.Ref.StartWorkflowAsync(new StartWorkflow("T", "x")));

        Assert.Equal(ErrorKind.BackendFailed, e.Kind);
    }

    [Fact]
    public async Task A_canceled_token_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var silent = CreateTestProbe();
        var ask = silent.Ref.FetchHistoryAsync(WorkflowHandle.Latest("x"), TimeSpan.FromSeconds(30), cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }
}
