using Akka.Streams;
using Akka.Streams.Dsl;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Status;

/// <summary>
/// WatchWorkflow streams a run's history to its subscriber as it grows and ends with the run;
/// watches and awaits of one run share one long poll.
/// </summary>
public sealed class WatchWorkflowTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private List<HistoryEvent> EventsUntilEnd(Akka.TestKit.TestProbe subscriber, out WorkflowWatchEnded ended)
    {
        var events = new List<HistoryEvent>();
        while (true)
        {
            var message = subscriber.ExpectMsg<object>(Patience);
            switch (message)
            {
                case WorkflowEventsAppended appended:
                    events.AddRange(appended.Events);
                    break;
                case WorkflowWatchEnded end:
                    ended = end;
                    return events;
                default:
                    throw new InvalidOperationException($"unexpected {message}");
            }
        }
    }

    [Fact]
    public void A_watch_gets_every_event_once_in_order_as_the_history_grows_and_ends_with_the_run()
    {
        var handle = StartOne("watched");
        var subscriber = CreateTestProbe();
        Hourglass.Tell(new WatchWorkflow(handle), subscriber);

        var first = subscriber.ExpectMsg<WorkflowEventsAppended>(Patience);
        Assert.Equal(1, first.Events[0].EventId);
        Assert.Equal(handle, first.Handle);

        Hourglass.Tell(new SignalWorkflow(handle, "one"));
        ExpectMsg<WorkflowSignaled>();
        Hourglass.Tell(new SignalWorkflow(handle, "two"));
        ExpectMsg<WorkflowSignaled>();
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<MockWorkflowUpdated>();

        var events = first.Events.Concat(EventsUntilEnd(subscriber, out var ended)).ToList();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.EventId));
        Assert.Contains(events, e => e.EventType == EventType.WorkflowExecutionSignaled && e.WorkflowExecutionSignaledEventAttributes.SignalName == "two");
        Assert.Equal(EventType.WorkflowExecutionCompleted, events[^1].EventType);
        Assert.Equal((WorkflowState.Completed, false), (ended.State, ended.Unwatched));
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(0, ExpectMsg<HourglassStats>().ActiveQueries);
        });
    }

    [Fact]
    public void A_watch_from_an_event_skips_what_came_before()
    {
        var handle = StartOne("from-event");
        for (var i = 0; i < 5; i++)
        {
            Hourglass.Tell(new SignalWorkflow(handle, $"s{i}"));
            ExpectMsg<WorkflowSignaled>();
        }
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)null));
        ExpectMsg<MockWorkflowUpdated>();
        var subscriber = CreateTestProbe();

        Hourglass.Tell(new WatchWorkflow(handle) { FromEventId = 4 }, subscriber);

        var events = EventsUntilEnd(subscriber, out var ended);
        Assert.Equal(4, events[0].EventId);
        Assert.Equal(WorkflowState.Completed, ended.State);
    }

    [Fact]
    public void A_second_watch_of_a_run_already_watched_catches_up_then_goes_live()
    {
        var handle = StartOne("late-watch");
        var early = CreateTestProbe();
        Hourglass.Tell(new WatchWorkflow(handle), early);
        early.ExpectMsg<WorkflowEventsAppended>(Patience);
        Hourglass.Tell(new SignalWorkflow(handle, "before-late"));
        ExpectMsg<WorkflowSignaled>();
        early.FishForMessage<WorkflowEventsAppended>(a => a.Events.Any(e => e.EventType == EventType.WorkflowExecutionSignaled), Patience);

        var late = CreateTestProbe();
        Hourglass.Tell(new WatchWorkflow(handle), late);
        Hourglass.Tell(new SignalWorkflow(handle, "after-late"));
        ExpectMsg<WorkflowSignaled>();
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)null));
        ExpectMsg<MockWorkflowUpdated>();

        var seenLate = EventsUntilEnd(late, out _);
        Assert.Equal(Enumerable.Range(1, seenLate.Count).Select(i => (long)i), seenLate.Select(e => e.EventId));
        Assert.Contains(seenLate, e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "before-late");
        Assert.Contains(seenLate, e => e.WorkflowExecutionSignaledEventAttributes?.SignalName == "after-late");
    }

    [Fact]
    public void Unwatch_ends_the_senders_watch_and_answers_how_many_it_ended()
    {
        var handle = StartOne("unwatched");
        var subscriber = CreateTestProbe();
        Hourglass.Tell(new WatchWorkflow(handle), subscriber);
        subscriber.ExpectMsg<WorkflowEventsAppended>(Patience);

        Hourglass.Tell(new UnwatchWorkflow(handle), subscriber);

        var ended = subscriber.ExpectMsg<WorkflowWatchEnded>(Patience);
        Assert.True(ended.Unwatched);
        Assert.Equal(1, subscriber.ExpectMsg<WorkflowUnwatched>(Patience).Ended);
        Hourglass.Tell(new SignalWorkflow(handle, "after"));
        ExpectMsg<WorkflowSignaled>();
        subscriber.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_watch_ends_with_its_subscribers_death()
    {
        var handle = StartOne("orphan");
        var subscriber = CreateTestProbe();
        Hourglass.Tell(new WatchWorkflow(handle), subscriber);
        subscriber.ExpectMsg<WorkflowEventsAppended>(Patience);

        Sys.Stop(subscriber.Ref);

        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(0, ExpectMsg<HourglassStats>().ActiveQueries);
        });
    }

    [Fact]
    public void A_watch_following_runs_goes_on_with_the_run_that_continues_as_new()
    {
        var first = StartOne("chain");
        var subscriber = CreateTestProbe();
        Hourglass.Tell(new WatchWorkflow(first.WithoutRun()) { FollowRuns = true }, subscriber);
        subscriber.ExpectMsg<WorkflowEventsAppended>(Patience);

        Hourglass.Tell(new ContinueAsNew(first, 2));
        var second = ExpectMsg<MockWorkflowUpdated>().Handle;
        Hourglass.Tell(new CompleteWorkflow(second, (object?)"end"));
        ExpectMsg<MockWorkflowUpdated>();

        var appended = new List<WorkflowEventsAppended>();
        WorkflowWatchEnded ended;
        while (true)
        {
            var message = subscriber.ExpectMsg<object>(Patience);
            if (message is WorkflowWatchEnded end)
            {
                ended = end;
                break;
            }
            appended.Add((WorkflowEventsAppended)message);
        }
        Assert.Contains(appended, a => a.Handle.RunId == second.RunId && a.Events.Any(e => e.EventType == EventType.WorkflowExecutionCompleted));
        Assert.Contains(appended, a => a.Events.Any(e => e.EventType == EventType.WorkflowExecutionContinuedAsNew));
        Assert.Equal((second.RunId, WorkflowState.Completed), (ended.Handle.RunId, ended.State));
    }

    [Fact]
    public void Watches_and_awaits_of_one_run_share_one_long_poll()
    {
        var handle = StartOne("shared");
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        for (var i = 0; i < 5; i++) Hourglass.Tell(new AwaitWorkflow(handle, Patience));

        var poll = backend.ExpectMsg<PollHistory>(Patience);
        var poller = backend.LastSender;
        Assert.Equal(HistoryEventFilterType.CloseEvent, poll.Filter);
        backend.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // five awaits, one poll
        poller.Tell(new HistoryPolled(poll.Handle, [Completed()], Google.Protobuf.ByteString.Empty), backend.Ref);

        for (var i = 0; i < 5; i++) Assert.Equal("shared-result", ExpectMsg<WorkflowClosed>(Patience).ResultAs<string>());
    }

    [Fact]
    public async Task The_streams_source_emits_the_events_and_completes_with_the_run()
    {
        var handle = StartOne("streamed");
        var events = HourglassStreams.WatchWorkflow(Hourglass, handle).Select(e => e.EventType).RunWith(Sink.Seq<EventType>(), Sys.Materializer());
        Hourglass.Tell(new SignalWorkflow(handle, "go"));
        ExpectMsg<WorkflowSignaled>();
        Hourglass.Tell(new FailWorkflow(handle, "boom"));
        ExpectMsg<MockWorkflowUpdated>();

        var types = await events.WaitAsync(Patience);
        Assert.Equal(EventType.WorkflowExecutionStarted, types[0]);
        Assert.Contains(EventType.WorkflowExecutionSignaled, types);
        Assert.Equal(EventType.WorkflowExecutionFailed, types[^1]);
    }

    [Fact]
    public async Task The_async_enumerable_ends_when_canceled_and_unwatches()
    {
        var handle = StartOne("enumerated");
        using var cancel = new CancellationTokenSource();
        var seen = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in Hourglass.WatchWorkflowAsync(Sys, handle, cancellationToken: cancel.Token))
            {
                if (++seen == 1) cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Patience));
        Assert.Equal(1, seen);
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(0, ExpectMsg<HourglassStats>().ActiveQueries);
        });
    }

    private static HistoryEvent Completed() => new()
    {
        EventId = 3,
        EventType = EventType.WorkflowExecutionCompleted,
        WorkflowExecutionCompletedEventAttributes = new WorkflowExecutionCompletedEventAttributes
        {
            Result = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { HourglassPayload.From("shared-result") } },
        },
    };
}
