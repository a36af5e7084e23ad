using Google.Protobuf;
using Hourglass.Backends.Mock;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Hourglass.Tests.Mock;

/// <summary>
/// The in-memory Temporal's GetWorkflowExecutionHistory behaves as the server's: pages of at most
/// 256, tokens pinned to their run, CLOSE_EVENT, and long polls that wait without a thread and
/// expire after the long-poll interval or a second before the caller's deadline.
/// </summary>
public sealed class HistoryLongPollTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTemporal _temporal;

    public HistoryLongPollTests() => _temporal = new InMemoryTemporal(["default"], _clock);

    private WorkflowExecution Start(string id)
    {
        var response = _temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = id, RequestId = Guid.NewGuid().ToString(),
            WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
        });
        return new WorkflowExecution { WorkflowId = id, RunId = response.RunId };
    }

    private void Signal(WorkflowExecution run, string name) =>
        _temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowExecution = run, SignalName = name, RequestId = Guid.NewGuid().ToString(),
        });

    private static GetWorkflowExecutionHistoryRequest Poll(WorkflowExecution run, ByteString? token = null,
        HistoryEventFilterType filter = HistoryEventFilterType.AllEvent, bool wait = true) => new()
    {
        Namespace = "default", Execution = run, NextPageToken = token ?? ByteString.Empty, WaitNewEvent = wait, HistoryEventFilterType = filter,
    };

    [Fact]
    public async Task An_all_events_long_poll_waits_for_events_past_its_token()
    {
        var run = Start("all-events");
        var first = await _temporal.GetWorkflowExecutionHistoryAsync(Poll(run), null, default);
        Assert.NotEmpty(first.History.Events);
        Assert.False(first.NextPageToken.IsEmpty); // an open run: poll again with it

        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, first.NextPageToken), null, default);
        Assert.False(waiting.IsCompleted);

        Signal(run, "go");

        var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(EventType.WorkflowExecutionSignaled, next.History.Events[0].EventType);
        Assert.Equal(first.History.Events[^1].EventId + 1, next.History.Events[0].EventId);
    }

    [Fact]
    public async Task A_close_event_long_poll_answers_the_close_event_only_when_the_run_closes()
    {
        var run = Start("close-event");
        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, filter: HistoryEventFilterType.CloseEvent), null, default);
        Signal(run, "not-yet");
        Assert.False(waiting.IsCompleted);

        _temporal.CompleteWorkflow("default", run, null);

        var closed = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(EventType.WorkflowExecutionCompleted, Assert.Single(closed.History.Events).EventType);
        Assert.True(closed.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task A_long_poll_expires_after_the_interval_with_an_empty_page_and_a_token()
    {
        var run = Start("expires");
        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, filter: HistoryEventFilterType.CloseEvent), null, default);

        _clock.Advance(_temporal.LongPollInterval - TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var empty = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(empty.History);
        Assert.Empty(empty.History.Events);
        Assert.False(empty.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task A_long_poll_ends_a_second_before_the_callers_wall_clock_deadline_whatever_the_engines_clock()
    {
        var run = Start("deadline");
        // gRPC deadlines are wall-clock time: the engine's fake clock never moves here.
        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, filter: HistoryEventFilterType.CloseEvent),
            DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.2), default);

        var empty = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(empty.History.Events);
        Assert.False(empty.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task A_long_poll_with_less_than_a_second_left_answers_at_once()
    {
        var run = Start("no-time-left");

        var empty = await _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, filter: HistoryEventFilterType.CloseEvent),
            DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500), default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(empty.History.Events);
        Assert.False(empty.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task An_all_events_long_poll_that_expires_on_an_open_run_answers_an_empty_page_with_a_token_to_poll_again()
    {
        var run = Start("all-expires");
        var first = await _temporal.GetWorkflowExecutionHistoryAsync(Poll(run), null, default);
        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, first.NextPageToken), null, default);

        _clock.Advance(_temporal.LongPollInterval);

        var empty = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        // Never a present-but-empty page without a token while the run is open: the .NET SDK would
        // then throw "Event set unexpectedly empty".
        Assert.NotNull(empty.History);
        Assert.Empty(empty.History.Events);
        Assert.False(empty.NextPageToken.IsEmpty);
        Signal(run, "later");
        var next = await _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, empty.NextPageToken), null, default).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(EventType.WorkflowExecutionSignaled, Assert.Single(next.History.Events).EventType);
    }

    [Fact]
    public async Task A_long_poll_sees_the_workflow_task_a_start_delay_schedules_when_the_clock_passes_it()
    {
        _temporal.LongPollInterval = TimeSpan.FromHours(1);
        var response = _temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowId = "delayed", RequestId = Guid.NewGuid().ToString(),
            WorkflowType = new() { Name = "T" }, TaskQueue = new() { Name = "q" },
            WorkflowStartDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMinutes(5)),
        });
        var run = new WorkflowExecution { WorkflowId = "delayed", RunId = response.RunId };
        var first = await _temporal.GetWorkflowExecutionHistoryAsync(Poll(run), null, default);
        Assert.Equal(EventType.WorkflowExecutionStarted, Assert.Single(first.History.Events).EventType);
        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, first.NextPageToken), null, default);

        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var scheduled = Assert.Single((await waiting.WaitAsync(TimeSpan.FromSeconds(5))).History.Events);
        Assert.Equal(EventType.WorkflowTaskScheduled, scheduled.EventType);
        Assert.Equal(_clock.GetUtcNow(), scheduled.EventTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_canceled_long_poll_is_released()
    {
        var run = Start("canceled");
        using var cancel = new CancellationTokenSource();
        var waiting = _temporal.GetWorkflowExecutionHistoryAsync(Poll(run, filter: HistoryEventFilterType.CloseEvent), null, cancel.Token);

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Pages_hold_at_most_256_events_and_the_close_event_filter_reads_one_of_a_long_history()
    {
        var run = Start("long");
        for (var i = 0; i < 600; i++) Signal(run, $"s{i}");
        _temporal.CompleteWorkflow("default", run, null);

        var request = Poll(run, wait: false);
        request.MaximumPageSize = 1000;
        var page = _temporal.GetWorkflowExecutionHistory(request);
        Assert.Equal(InMemoryTemporal.MaxHistoryPageSize, page.History.Events.Count);
        var read = page.History.Events.Count;
        while (!page.NextPageToken.IsEmpty)
        {
            page = _temporal.GetWorkflowExecutionHistory(Poll(run, page.NextPageToken, wait: false));
            read += page.History.Events.Count;
        }
        Assert.Equal(_temporal.DescribeWorkflowExecution(new() { Namespace = "default", Execution = run }).WorkflowExecutionInfo.HistoryLength, read);

        var close = _temporal.GetWorkflowExecutionHistory(Poll(run, filter: HistoryEventFilterType.CloseEvent, wait: false));
        Assert.Equal(EventType.WorkflowExecutionCompleted, Assert.Single(close.History.Events).EventType);
    }

    [Fact]
    public void A_token_is_pinned_to_its_run_across_a_continue_as_new()
    {
        var run = Start("pinned");
        for (var i = 0; i < 300; i++) Signal(run, $"s{i}");
        var first = _temporal.GetWorkflowExecutionHistory(Poll(new WorkflowExecution { WorkflowId = "pinned" }, wait: false));

        var successor = _temporal.ContinueAsNew("default", run, null);

        // The latest run is the successor now; the token still reads the run it was made for.
        var second = _temporal.GetWorkflowExecutionHistory(Poll(new WorkflowExecution { WorkflowId = "pinned" }, first.NextPageToken, wait: false));
        Assert.Equal(EventType.WorkflowExecutionContinuedAsNew, second.History.Events[^1].EventType);
        var mismatch = Assert.Throws<RpcException>(() =>
            _temporal.GetWorkflowExecutionHistory(Poll(successor, first.NextPageToken, wait: false)));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, mismatch.Code);
        var forged = Assert.Throws<RpcException>(() =>
            _temporal.GetWorkflowExecutionHistory(Poll(run, ByteString.CopyFromUtf8("not a token"), wait: false)));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, forged.Code);
    }
}
