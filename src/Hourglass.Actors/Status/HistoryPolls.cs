using Akka.Actor;
using Google.Protobuf;
using Hourglass.Backends;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Hourglass.Status;

/// <summary>
/// Serves every <see cref="AwaitWorkflow"/> and <see cref="WatchWorkflow"/> of a router on history
/// long polls (<see cref="PollHistory"/>): one poll at a time per (backend, namespace, workflow id,
/// run id), however many awaits and watches wait on that run — CLOSE_EVENT while only awaits wait,
/// ALL_EVENT once a watch does. An await is answered from the close event (its result or failure),
/// following the run's successors when it asked for the latest run; a watch gets the events as they
/// come. Nothing polls on a timer: the server's long poll is the wait. Awaits and watches are plain
/// entries here, not actors, so a pending one costs a few hundred bytes.
/// </summary>
/// <remarks>
/// A handle without a run id is first described once, to learn the run it means. Everything held is
/// answered exactly once: served, failed with the permanent error that ended its poll, at its
/// deadline (Timeout, with the last status read by one describe), or BackendFailed if this actor
/// fails or stops.
/// </remarks>
internal sealed class HistoryPolls : ReceiveActor, IWithTimers
{
    private const string DeadlineTimer = "deadline";
    private static readonly TimeSpan LastStatusPatience = TimeSpan.FromSeconds(1);

    private readonly HourglassSettings _settings;
    private readonly QueryCounter _counter;
    private readonly Dictionary<PollKey, RunPoll> _polls = new();
    // Calls in flight, by the backend and the request's handle (what a reply carries back).
    private readonly Dictionary<(IActorRef Backend, WorkflowHandle Handle), RunPoll> _polling = new();
    private readonly Dictionary<(IActorRef Backend, WorkflowHandle Handle), List<RunPoll>> _describing = new();
    private readonly Dictionary<(IActorRef Backend, WorkflowHandle Handle), List<Watcher>> _catchingUp = new();
    private readonly PriorityQueue<Awaiter, DateTime> _deadlines = new();
    private readonly Dictionary<IActorRef, List<Watcher>> _bySubscriber = new();
    private DateTime? _nextDeadline;

    public HistoryPolls(HourglassSettings settings, QueryCounter counter)
    {
        _settings = settings;
        _counter = counter;
        Receive<Enlist>(HandleEnlist);
        Receive<HistoryPolled>(HandlePolled);
        Receive<WorkflowDescribed>(HandleDescribed);
        Receive<HistoryFetched>(HandleCaughtUp);
        Receive<OperationFailed>(HandleFailed);
        Receive<Unwatch>(HandleUnwatch);
        Receive<Terminated>(t => SubscriberGone(t.ActorRef));
        Receive<DeadlineTick>(_ => ExpireAwaits());
        Receive<Repoll>(r =>
        {
            if (_polls.TryGetValue(r.Key, out var poll)) Issue(poll);
        });
        Receive<LastStatusGiveUp>(g =>
        {
            if (_polls.TryGetValue(g.Key, out var poll) && poll.ReadingLastStatus) AnswerTimedOut(poll, null);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(HourglassSettings settings, QueryCounter counter) =>
        Akka.Actor.Props.Create(() => new HistoryPolls(settings, counter)).WithDeploy(Deploy.Local);

    /// <summary>An await or watch to serve, on the backend chosen for its sender.</summary>
    public sealed record Enlist(IWorkflowQuery Query, IActorRef ReplyTo, IActorRef Backend, bool BuiltInBackend) : INoSerializationVerificationNeeded;

    /// <summary>The sender's <see cref="UnwatchWorkflow"/>, defaults filled in.</summary>
    public sealed record Unwatch(UnwatchWorkflow Request, IActorRef Sender) : INoSerializationVerificationNeeded;

    protected override void PreRestart(Exception reason, object message) => FailEverything(
        HourglassError.BackendFailed("the history polls of this Hourglass node failed", $"{reason.GetType().Name}: {reason.Message}"));

    protected override void PostStop() => FailEverything(HourglassError.BackendFailed("the history polls of this Hourglass node stopped"));

    // ---- enlisting ----

    private void HandleEnlist(Enlist enlist)
    {
        var handle = enlist.Query switch
        {
            AwaitWorkflow a => a.Handle,
            WatchWorkflow w => w.Handle,
            _ => throw new ArgumentException($"not served by history polls: {enlist.Query.GetType().Name}"),
        };
        var key = new PollKey(enlist.Backend, handle.Namespace, handle.WorkflowId, handle.RunId);
        if (!_polls.TryGetValue(key, out var poll))
            _polls[key] = poll = new RunPoll(key, handle, enlist.Backend, enlist.BuiltInBackend, enlist.ReplyTo);

        if (enlist.Query is AwaitWorkflow await)
        {
            var awaiter = new Awaiter(await, enlist.ReplyTo, poll, DateTime.UtcNow + await.Timeout!.Value);
            poll.Awaiters.Add(awaiter);
            _deadlines.Enqueue(awaiter, awaiter.Deadline);
            ArmDeadline();
        }
        else
        {
            var watch = (WatchWorkflow)enlist.Query;
            var watcher = new Watcher(watch, enlist.ReplyTo, poll) { NextEventId = Math.Max(watch.FromEventId, 1) };
            poll.Watchers.Add(watcher);
            if (!_bySubscriber.TryGetValue(enlist.ReplyTo, out var watches))
            {
                _bySubscriber[enlist.ReplyTo] = watches = new List<Watcher>();
                Context.Watch(enlist.ReplyTo);
            }
            watches.Add(watcher);
            // An ALL_EVENT read already past this watch's first event: what it missed is read once.
            if (poll.ReadMode == HistoryEventFilterType.AllEvent && poll.NextEventId > watcher.NextEventId) CatchUp(poll, watcher);
            poll.Mode = HistoryEventFilterType.AllEvent;
        }
        Issue(poll);
    }

    // ---- polling ----

    private void Issue(RunPoll poll)
    {
        if (poll.Busy || poll.IsIdle || poll.Closed) return;
        if (poll.RunId.Length == 0)
        {
            // Learn the run the handle means, so every answer can name it.
            poll.Resolving = true;
            Describe(poll, poll.Handle);
            return;
        }
        // Switching from CLOSE_EVENT to ALL_EVENT reads the run from its beginning.
        if (poll.ReadMode != poll.Mode)
        {
            poll.Token = ByteString.Empty;
            poll.ReadMode = poll.Mode;
            poll.NextEventId = 1;
        }
        var request = new PollHistory(RunHandle(poll)) { Filter = poll.Mode, NextPageToken = poll.Token };
        poll.Polling = true;
        _polling[(poll.Backend, request.Handle)] = poll;
        Send(poll, request);
    }

    private void Send(RunPoll poll, IBackendOperation operation) =>
        poll.Backend.Tell(poll.BuiltInBackend ? new OnBehalfOf(poll.Owner, operation) : operation, Self);

    private static WorkflowHandle RunHandle(RunPoll poll) => poll.Handle with { RunId = poll.RunId };

    private void HandlePolled(HistoryPolled polled)
    {
        if (!_polling.Remove((Sender, polled.Handle), out var poll)) return;
        poll.Polling = false;
        poll.LastError = null;
        var events = polled.Events ?? [];
        if (poll.ReadMode == HistoryEventFilterType.AllEvent) Deliver(poll, events);
        poll.Token = polled.NextPageToken ?? ByteString.Empty;
        if (events.Count > 0 && IsClose(events[^1])) RunClosed(poll, events[^1]);
        Retire(poll);
        Issue(poll);
    }

    private void Deliver(RunPoll poll, IReadOnlyList<HistoryEvent> events)
    {
        if (events.Count == 0) return;
        poll.NextEventId = Math.Max(poll.NextEventId, events[^1].EventId + 1);
        var handle = RunHandle(poll);
        foreach (var watcher in poll.Watchers)
        {
            if (watcher.CatchingUp is { } buffer)
            {
                buffer.AddRange(events);
                continue;
            }
            var fresh = events.Where(e => e.EventId >= watcher.NextEventId).ToArray();
            if (fresh.Length == 0) continue;
            watcher.NextEventId = fresh[^1].EventId + 1;
            watcher.Subscriber.Tell(new WorkflowEventsAppended(handle, fresh), Context.Parent);
        }
    }

    private void RunClosed(RunPoll poll, HistoryEvent close)
    {
        var closedHandle = RunHandle(poll);
        var successor = SuccessorOf(close);
        var closed = Closed(closedHandle, close);

        foreach (var awaiter in poll.Awaiters.ToArray())
        {
            // An await on the latest run follows the chain (continue-as-new, retries, cron) to its end.
            if (successor.Length > 0 && poll.Key.RunId.Length == 0) continue;
            Finish(awaiter, closed);
        }
        foreach (var watcher in poll.Watchers.ToArray())
        {
            if (watcher.CatchingUp is not null) continue; // it ends once it has caught up
            if (watcher.NextEventId <= close.EventId)
            {
                // It joined during a CLOSE_EVENT poll: read its events, then it ends (or follows on).
                CatchUp(poll, watcher);
                continue;
            }
            if (successor.Length > 0 && watcher.Request.FollowRuns) continue;
            EndWatch(watcher, new WorkflowWatchEnded(closedHandle, closed.Status.State));
        }

        if (successor.Length > 0 && (poll.Awaiters.Count > 0 || poll.Watchers.Any(w => w.Request.FollowRuns)))
        {
            poll.RunId = successor;
            poll.Token = ByteString.Empty;
            poll.NextEventId = 1;
            foreach (var watcher in poll.Watchers.Where(w => w.CatchingUp is null)) watcher.NextEventId = 1;
        }
        else
        {
            poll.Closed = true;
        }
    }

    private void HandleFailed(OperationFailed failed)
    {
        switch (failed.Request)
        {
            case PollHistory p when _polling.Remove((Sender, p.Handle), out var poll):
                poll.Polling = false;
                PollFailed(poll, failed.Error);
                break;
            case DescribeWorkflow d when TakeDescribing(Sender, d.Handle) is { } polls:
                foreach (var poll in polls)
                {
                    if (poll.Resolving)
                    {
                        poll.Resolving = false;
                        PollFailed(poll, failed.Error);
                    }
                    if (poll.ReadingLastStatus) AnswerTimedOut(poll, null);
                }
                break;
            case FetchHistory f when _catchingUp.Remove((Sender, f.Handle), out var watchers):
                foreach (var watcher in watchers)
                {
                    watcher.CatchingUp = null;
                    EndWatch(watcher, new OperationFailed(watcher.Request, failed.Error));
                    Retire(watcher.Poll);
                }
                break;
        }
    }

    private void PollFailed(RunPoll poll, HourglassError error)
    {
        poll.LastError = error;
        if (!IsTransient(error.Kind))
        {
            foreach (var awaiter in poll.Awaiters.ToArray()) Finish(awaiter, error);
            foreach (var watcher in poll.Watchers.ToArray()) EndWatch(watcher, new OperationFailed(watcher.Request, error));
            Retire(poll);
            return;
        }
        // Passing trouble: poll again after a pause; the awaits' deadlines decide.
        var pause = poll.Awaiters.Count == 0 ? _settings.AwaitDefaultPollInterval : poll.Awaiters.Min(a => a.Request.PollInterval!.Value);
        Timers.StartSingleTimer(poll.Key, new Repoll(poll.Key), pause);
    }

    // ---- describes: the run a handle means, the last status at a deadline ----

    private void Describe(RunPoll poll, WorkflowHandle handle)
    {
        var key = (poll.Backend, handle);
        if (!_describing.TryGetValue(key, out var polls))
        {
            _describing[key] = polls = new List<RunPoll>();
            Send(poll, new DescribeWorkflow(handle));
        }
        if (!polls.Contains(poll)) polls.Add(poll);
    }

    private List<RunPoll>? TakeDescribing(IActorRef backend, WorkflowHandle handle) =>
        _describing.Remove((backend, handle), out var polls) ? polls : null;

    private void HandleDescribed(WorkflowDescribed described)
    {
        if (TakeDescribing(Sender, described.Handle) is not { } polls) return;
        WorkflowStatus? status = null;
        try
        {
            status = WorkflowStatusDecoder.Decode(described.Handle, described.Response, null, _settings.MaxRecentFailures);
        }
        catch (FormatException)
        {
            // An answer that cannot be decoded tells nothing.
        }
        foreach (var poll in polls)
        {
            if (poll.Resolving)
            {
                poll.Resolving = false;
                if (status is { Handle.RunId.Length: > 0 }) poll.RunId = status.Handle.RunId;
                else PollFailed(poll, HourglassError.BackendFailed($"describe of {described.Handle} named no run"));
            }
            if (poll.ReadingLastStatus) AnswerTimedOut(poll, status);
            Retire(poll);
            Issue(poll);
        }
    }

    // ---- watches catching up ----

    private void CatchUp(RunPoll poll, Watcher watcher)
    {
        watcher.CatchingUp = new List<HistoryEvent>();
        var handle = RunHandle(poll);
        var key = (poll.Backend, handle);
        if (!_catchingUp.TryGetValue(key, out var watchers))
        {
            _catchingUp[key] = watchers = new List<Watcher>();
            Send(poll, new FetchHistory(handle));
        }
        watchers.Add(watcher);
    }

    private void HandleCaughtUp(HistoryFetched fetched)
    {
        if (!_catchingUp.Remove((Sender, fetched.Handle), out var watchers)) return;
        foreach (var watcher in watchers)
        {
            var live = watcher.CatchingUp ?? [];
            watcher.CatchingUp = null;
            var events = fetched.History.Events.Concat(live)
                .Where(e => e.EventId >= watcher.NextEventId)
                .DistinctBy(e => e.EventId)
                .OrderBy(e => e.EventId)
                .ToArray();
            if (events.Length > 0)
            {
                watcher.NextEventId = events[^1].EventId + 1;
                watcher.Subscriber.Tell(new WorkflowEventsAppended(fetched.Handle, events), Context.Parent);
                var last = events[^1];
                if (IsClose(last) && !(watcher.Request.FollowRuns && SuccessorOf(last).Length > 0))
                    EndWatch(watcher, new WorkflowWatchEnded(fetched.Handle, StateOf(last)));
                else if (IsClose(last)) watcher.NextEventId = 1; // it follows the successor the poll follows
            }
            Retire(watcher.Poll);
        }
    }

    // ---- unwatching ----

    private void HandleUnwatch(Unwatch unwatch)
    {
        var ended = 0;
        if (_bySubscriber.TryGetValue(unwatch.Sender, out var watches))
        {
            foreach (var watcher in watches.Where(w => w.Request.Handle == unwatch.Request.Handle).ToArray())
            {
                EndWatch(watcher, new WorkflowWatchEnded(watcher.Request.Handle, WorkflowState.Running) { Unwatched = true });
                ended++;
                Retire(watcher.Poll);
            }
        }
        unwatch.Sender.Tell(new WorkflowUnwatched(unwatch.Request.Handle, ended), Context.Parent);
    }

    private void SubscriberGone(IActorRef subscriber)
    {
        if (!_bySubscriber.Remove(subscriber, out var watches)) return;
        foreach (var watcher in watches)
        {
            if (watcher.Poll.Watchers.Remove(watcher)) _counter.Ended();
            Retire(watcher.Poll);
        }
    }

    // ---- deadlines ----

    private void ArmDeadline()
    {
        if (!_deadlines.TryPeek(out _, out var earliest)) return;
        if (_nextDeadline is { } armed && armed <= earliest) return;
        _nextDeadline = earliest;
        var due = earliest - DateTime.UtcNow;
        Timers.StartSingleTimer(DeadlineTimer, DeadlineTick.Instance, due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }

    private void ExpireAwaits()
    {
        _nextDeadline = null;
        var now = DateTime.UtcNow;
        while (_deadlines.TryPeek(out var awaiter, out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            if (awaiter.Done) continue;
            awaiter.TimedOut = true;
            var poll = awaiter.Poll;
            if (poll.ReadingLastStatus) continue;
            // The last status, read once for the awaits of the run that are due.
            poll.ReadingLastStatus = true;
            Describe(poll, poll.RunId.Length > 0 ? RunHandle(poll) : poll.Handle);
            Timers.StartSingleTimer((poll.Key, "last-status"), new LastStatusGiveUp(poll.Key), LastStatusPatience);
        }
        ArmDeadline();
    }

    private void AnswerTimedOut(RunPoll poll, WorkflowStatus? last)
    {
        poll.ReadingLastStatus = false;
        Timers.Cancel((poll.Key, "last-status"));
        foreach (var awaiter in poll.Awaiters.Where(a => a.TimedOut).ToArray())
        {
            var message = last is not null
                ? $"workflow {last.Handle} is still {last.State} after {DurationText.Format(awaiter.Request.Timeout)}"
                : $"workflow {awaiter.Request.Handle} did not close within {DurationText.Format(awaiter.Request.Timeout)}";
            Finish(awaiter, new HourglassError(ErrorKind.Timeout, message, poll.LastError?.ToString()) { LastStatus = last });
        }
        Retire(poll);
    }

    // ---- answering ----

    private void Finish(Awaiter awaiter, object reply)
    {
        if (awaiter.Done) return;
        awaiter.Done = true;
        awaiter.Poll.Awaiters.Remove(awaiter);
        awaiter.ReplyTo.Tell(reply is HourglassError error ? new OperationFailed(awaiter.Request, error) : reply, Context.Parent);
        _counter.Ended();
    }

    private void EndWatch(Watcher watcher, object reply)
    {
        if (!watcher.Poll.Watchers.Remove(watcher)) return;
        if (_bySubscriber.TryGetValue(watcher.Subscriber, out var watches))
        {
            watches.Remove(watcher);
            if (watches.Count == 0)
            {
                _bySubscriber.Remove(watcher.Subscriber);
                Context.Unwatch(watcher.Subscriber);
            }
        }
        watcher.Subscriber.Tell(reply, Context.Parent);
        _counter.Ended();
    }

    // A poll nobody waits on is forgotten once no call of its is out (a reply then finds nothing).
    private void Retire(RunPoll poll)
    {
        if (poll.Watchers.Count == 0) poll.Mode = HistoryEventFilterType.CloseEvent;
        if (!poll.IsIdle || poll.Busy) return;
        _polls.Remove(poll.Key);
        Timers.Cancel(poll.Key);
    }

    private void FailEverything(HourglassError error)
    {
        foreach (var poll in _polls.Values.ToArray())
        {
            foreach (var awaiter in poll.Awaiters.ToArray()) Finish(awaiter, error);
            foreach (var watcher in poll.Watchers.ToArray()) EndWatch(watcher, new OperationFailed(watcher.Request, error));
        }
        _polls.Clear();
        _polling.Clear();
        _describing.Clear();
        _catchingUp.Clear();
    }

    // ---- the close event ----

    private static bool IsClose(HistoryEvent e) => StateOf(e) != WorkflowState.Unknown;

    private static WorkflowState StateOf(HistoryEvent e) => e.EventType switch
    {
        EventType.WorkflowExecutionCompleted => WorkflowState.Completed,
        EventType.WorkflowExecutionFailed => WorkflowState.Failed,
        EventType.WorkflowExecutionCanceled => WorkflowState.Canceled,
        EventType.WorkflowExecutionTerminated => WorkflowState.Terminated,
        EventType.WorkflowExecutionContinuedAsNew => WorkflowState.ContinuedAsNew,
        EventType.WorkflowExecutionTimedOut => WorkflowState.TimedOut,
        _ => WorkflowState.Unknown,
    };

    /// <summary>The run that continues this one (continue-as-new, a retry, the next cron run), or "".</summary>
    private static string SuccessorOf(HistoryEvent e) => e.EventType switch
    {
        EventType.WorkflowExecutionContinuedAsNew => e.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId,
        EventType.WorkflowExecutionCompleted => e.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId,
        EventType.WorkflowExecutionFailed => e.WorkflowExecutionFailedEventAttributes.NewExecutionRunId,
        EventType.WorkflowExecutionTimedOut => e.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId,
        _ => "",
    };

    /// <summary>The await's answer, read from the close event alone: no other call is needed.</summary>
    private static WorkflowClosed Closed(WorkflowHandle handle, HistoryEvent close)
    {
        var status = new WorkflowStatus(handle, StateOf(close), "", null, close.EventTime?.ToDateTimeOffset(), [], null)
        {
            HistoryLength = close.EventId,
        };
        return close.EventType switch
        {
            EventType.WorkflowExecutionCompleted => new WorkflowClosed(handle, status,
                close.WorkflowExecutionCompletedEventAttributes.Result?.Payloads_.FirstOrDefault()),
            EventType.WorkflowExecutionFailed => new WorkflowClosed(handle, status, null, close.WorkflowExecutionFailedEventAttributes.Failure),
            _ => new WorkflowClosed(handle, status, null),
        };
    }

    private static bool IsTransient(ErrorKind kind) =>
        kind is ErrorKind.Unreachable or ErrorKind.Overloaded or ErrorKind.Timeout or ErrorKind.BackendFailed or ErrorKind.Rpc;

    // ---- state ----

    private readonly record struct PollKey(IActorRef Backend, string Namespace, string WorkflowId, string RunId);

    private sealed class RunPoll(PollKey key, WorkflowHandle handle, IActorRef backend, bool builtInBackend, IActorRef owner)
    {
        public PollKey Key { get; } = key;
        public WorkflowHandle Handle { get; } = handle;
        public IActorRef Backend { get; } = backend;
        public bool BuiltInBackend { get; } = builtInBackend;
        // The mock's scripts answer for the sender whose await or watch started the poll.
        public IActorRef Owner { get; } = owner;
        public string RunId { get; set; } = handle.RunId;
        public HistoryEventFilterType Mode { get; set; } = HistoryEventFilterType.CloseEvent;
        public HistoryEventFilterType ReadMode { get; set; } = HistoryEventFilterType.CloseEvent;
        public ByteString Token { get; set; } = ByteString.Empty;
        public long NextEventId { get; set; } = 1;
        public bool Polling { get; set; }
        public bool Resolving { get; set; }
        public bool ReadingLastStatus { get; set; }
        public bool Closed { get; set; }
        public HourglassError? LastError { get; set; }
        public List<Awaiter> Awaiters { get; } = new();
        public List<Watcher> Watchers { get; } = new();
        public bool IsIdle => Awaiters.Count == 0 && Watchers.Count == 0;
        public bool Busy => Polling || Resolving || ReadingLastStatus;
    }

    private sealed class Awaiter(AwaitWorkflow request, IActorRef replyTo, RunPoll poll, DateTime deadline)
    {
        public AwaitWorkflow Request { get; } = request;
        public IActorRef ReplyTo { get; } = replyTo;
        public RunPoll Poll { get; } = poll;
        public DateTime Deadline { get; } = deadline;
        public bool Done { get; set; }
        public bool TimedOut { get; set; }
    }

    private sealed class Watcher(WatchWorkflow request, IActorRef subscriber, RunPoll poll)
    {
        public WatchWorkflow Request { get; } = request;
        public IActorRef Subscriber { get; } = subscriber;
        public RunPoll Poll { get; } = poll;
        public long NextEventId { get; set; } = 1;
        public List<HistoryEvent>? CatchingUp { get; set; }
    }

    private sealed record Repoll(PollKey Key) : INoSerializationVerificationNeeded;

    private sealed record LastStatusGiveUp(PollKey Key) : INoSerializationVerificationNeeded;

    private sealed class DeadlineTick : INoSerializationVerificationNeeded
    {
        public static readonly DeadlineTick Instance = new();
    }
}
