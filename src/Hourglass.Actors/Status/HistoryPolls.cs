using Akka.Actor;
using Google.Protobuf;
using Hourglass.Backends;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Hourglass.Status;

/// <summary>
/// Serves every <see cref="AwaitWorkflow"/> and <see cref="WatchWorkflow"/> of a router on history
/// long polls (<see cref="PollHistory"/>): one poll at a time per (backend, namespace, workflow id,
/// run), however many awaits and watches wait on that run — CLOSE_EVENT while only awaits wait,
/// ALL_EVENT once a watch does. An await is answered from the close event (its result or failure),
/// following the run's successors when it asked for the latest run; a watch gets the events as they
/// come. Nothing polls on a timer: the server's long poll is the wait. Awaits and watches are plain
/// entries here, not actors, so a pending one costs a few hundred bytes.
/// </summary>
/// <remarks>
/// A handle without a run id is first described once, to learn the run it means; awaits and
/// watches of the latest run then share the poll of that run. Everything held is answered exactly
/// once: served, failed with the permanent error that ended its poll, at its deadline (Timeout, with
/// the last status read by one describe), or BackendFailed if this actor fails or stops. Each await
/// and watch is measured from its enlisting to its answer (a watch: to its end), and counted in the
/// <c>hourglass.awaits.pending</c> and <c>hourglass.watches.active</c> gauges while it waits; a poll's
/// backend calls are spans under the span of the query that began it. A backend is known by its
/// path: one made again after it stopped answers what the one before was sent, and gets the calls
/// from then on. Each await and watch ends on the query count it was admitted on, whichever history
/// polls serve it (an enlisting that died in a stopped one's mailbox is handed to the next).
/// </remarks>
internal sealed class HistoryPolls : ReceiveActor, IWithTimers
{
    private const string DeadlineTimer = "deadline";
    private static readonly TimeSpan LastStatusPatience = TimeSpan.FromSeconds(1);

    private readonly HourglassSettings _settings;
    // The backend now at each path: the router gives it with every enlisting, replies come from it.
    private readonly Dictionary<ActorPath, IActorRef> _backends = new();
    private readonly HourglassInstruments _instruments = HourglassInstruments.Get(Context.System);
    private readonly Dictionary<PollKey, RunPoll> _polls = new();
    private readonly Dictionary<LatestKey, Resolution> _resolving = new();
    private readonly PriorityQueue<Awaiter, DateTime> _deadlines = new();
    private readonly Dictionary<IActorRef, List<Watcher>> _bySubscriber = new();
    private DateTime? _nextDeadline;

    public HistoryPolls(HourglassSettings settings)
    {
        _settings = settings;
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
        Receive<Reresolve>(r =>
        {
            if (_resolving.TryGetValue(r.Key, out var resolution)) Send(resolution.Source, new DescribeWorkflow(resolution.Handle));
        });
        Receive<LastStatusGiveUp>(g =>
        {
            if (_polls.TryGetValue(g.Key, out var poll) && poll.ReadingLastStatus) AnswerTimedOut(poll, null);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(HourglassSettings settings) =>
        Akka.Actor.Props.Create(() => new HistoryPolls(settings)).WithDeploy(Deploy.Local);

    /// <summary>
    /// An await or watch to serve, on the backend chosen for its sender, counted on
    /// <paramref name="Counter"/> (it ends there, whichever history polls end up serving it).
    /// </summary>
    public sealed record Enlist(IWorkflowQuery Query, IActorRef ReplyTo, IActorRef Backend, bool BuiltInBackend, QueryCounter Counter)
        : Routing.IRouterEnvelope, INoSerializationVerificationNeeded
    {
        IHourglassRequest Routing.IRouterEnvelope.Request => Query;

        IActorRef? Routing.IRouterEnvelope.ReplyTo => ReplyTo;

        /// <summary>The kind of <see cref="Backend"/>, for the query's measurements.</summary>
        public BackendKind Kind { get; init; }

        /// <summary>The span the query's span continues; null for none.</summary>
        public SpanParent? Trace { get; init; }
    }

    /// <summary>The sender's <see cref="UnwatchWorkflow"/>, defaults filled in.</summary>
    public sealed record Unwatch(UnwatchWorkflow Request, IActorRef Sender) : Routing.IRouterEnvelope, INoSerializationVerificationNeeded
    {
        IHourglassRequest Routing.IRouterEnvelope.Request => Request;

        IActorRef? Routing.IRouterEnvelope.ReplyTo => Sender;

        /// <summary>The backend kind chosen for the sender, for the measurements.</summary>
        public BackendKind Kind { get; init; }

        /// <summary>The span the unwatch's span continues; null for none.</summary>
        public SpanParent? Trace { get; init; }
    }

    protected override void PreRestart(Exception reason, object message) => FailEverything(
        HourglassError.BackendFailed("the history polls of this Hourglass node failed", $"{reason.GetType().Name}: {reason.Message}"));

    protected override void PostStop() => FailEverything(HourglassError.Stopped(Context.System, "the history polls of this Hourglass node stopped"));

    // ---- enlisting ----

    private void HandleEnlist(Enlist enlist)
    {
        Entry entry;
        WorkflowHandle handle;
        var measure = _instruments.Begin(enlist.Query.GetType().Name, enlist.Kind, enlist.Trace?.Context ?? default);
        measure.Leave();
        // The router gives its backend as it is now (made again, perhaps, since a poll on it began).
        _backends[enlist.Backend.Path] = enlist.Backend;
        if (enlist.Query is AwaitWorkflow await)
        {
            var awaiter = new Awaiter(await, enlist.ReplyTo, DateTime.UtcNow + await.Timeout!.Value) { Measure = measure, Counter = enlist.Counter };
            _instruments.Awaits(1);
            _deadlines.Enqueue(awaiter, awaiter.Deadline);
            ArmDeadline();
            (entry, handle) = (awaiter, await.Handle);
        }
        else
        {
            var watch = (WatchWorkflow)enlist.Query;
            var watcher = new Watcher(watch, enlist.ReplyTo) { NextEventId = Math.Max(watch.FromEventId, 1), Measure = measure, Counter = enlist.Counter };
            _instruments.Watches(1);
            if (!_bySubscriber.TryGetValue(enlist.ReplyTo, out var watches))
            {
                _bySubscriber[enlist.ReplyTo] = watches = new List<Watcher>();
                Context.Watch(enlist.ReplyTo);
            }
            watches.Add(watcher);
            (entry, handle) = (watcher, watch.Handle);
        }

        // The poll's calls are spans under the query that began it.
        var source = new Source(enlist.Backend, enlist.BuiltInBackend, enlist.ReplyTo) { Trace = SpanParent.Of(measure) ?? enlist.Trace };
        if (handle.RunId.Length > 0)
        {
            Join(PollOf(source, handle), entry);
            return;
        }
        // The latest run: one describe learns which it is, for every entry that asks meanwhile.
        var latest = new LatestKey(enlist.Backend.Path, handle.Namespace, handle.WorkflowId);
        if (!_resolving.TryGetValue(latest, out var resolution))
        {
            _resolving[latest] = resolution = new Resolution(source, handle);
            Send(source, new DescribeWorkflow(handle));
        }
        resolution.Entries.Add(entry);
    }

    private RunPoll PollOf(Source source, WorkflowHandle runHandle)
    {
        var key = new PollKey(source.Backend.Path, runHandle.Namespace, runHandle.WorkflowId, runHandle.RunId);
        if (!_polls.TryGetValue(key, out var poll)) _polls[key] = poll = new RunPoll(key, runHandle, source);
        return poll;
    }

    private void Join(RunPoll poll, Entry entry)
    {
        entry.Poll = poll;
        if (entry is Awaiter awaiter)
        {
            poll.Awaiters.Add(awaiter);
        }
        else
        {
            var watcher = (Watcher)entry;
            poll.Watchers.Add(watcher);
            // An ALL_EVENT read already past this watch's first event: what it missed is read once.
            if (poll.ReadMode == HistoryEventFilterType.AllEvent && poll.NextEventId > watcher.NextEventId) CatchUp(poll, watcher);
            poll.Mode = HistoryEventFilterType.AllEvent;
        }
        Issue(poll);
    }

    // ---- polling ----

    private void Issue(RunPoll poll)
    {
        if (poll.Polling || poll.IsIdle || poll.Closed || AllDue(poll)) return;
        // Switching from CLOSE_EVENT to ALL_EVENT reads the run from its beginning.
        if (poll.ReadMode != poll.Mode)
        {
            poll.Token = ByteString.Empty;
            poll.ReadMode = poll.Mode;
            poll.NextEventId = 1;
        }
        poll.Polling = true;
        Send(poll.Source, new PollHistory(poll.Handle) { Filter = poll.Mode, NextPageToken = poll.Token });
    }

    // Only awaits wait on the poll, and every one is at or past its deadline: whatever another poll
    // found, they are answered Timeout (by the deadline's describe), so none is made.
    private static bool AllDue(RunPoll poll)
    {
        if (!poll.HasNoWatchers) return false;
        var now = DateTime.UtcNow;
        foreach (var awaiter in poll.Awaiters)
        {
            if (!awaiter.TimedOut && awaiter.Deadline > now) return false;
        }
        return true;
    }

    private void Send(Source source, IBackendOperation operation) =>
        _backends.GetValueOrDefault(source.Backend.Path, source.Backend)
            .Tell(source.BuiltInBackend ? new OnBehalfOf(source.Owner, operation) { Trace = source.Trace } : operation, Self);

    // The poll a backend's reply is for. By path: a backend made again answers what the one before was sent.
    private RunPoll? PollAnswering(WorkflowHandle handle) =>
        _polls.GetValueOrDefault(new PollKey(FromBackend(), handle.Namespace, handle.WorkflowId, handle.RunId));

    // The reply's sender is the backend at its path now: later calls go to it.
    private ActorPath FromBackend()
    {
        if (_backends.ContainsKey(Sender.Path)) _backends[Sender.Path] = Sender;
        return Sender.Path;
    }

    private void HandlePolled(HistoryPolled polled)
    {
        if (PollAnswering(polled.Handle) is not { Polling: true } poll) return;
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
            watcher.Subscriber.Tell(new WorkflowEventsAppended(poll.Handle, fresh), Context.Parent);
        }
    }

    private void RunClosed(RunPoll poll, HistoryEvent close)
    {
        poll.Closed = true;
        var successor = SuccessorOf(close);
        var closed = Closed(poll.Handle, close);
        var next = successor.Length > 0 ? poll.Handle with { RunId = successor } : null;

        foreach (var awaiter in poll.Awaiters.ToArray())
        {
            poll.Awaiters.Remove(awaiter);
            // An await on the latest run follows the chain (continue-as-new, retries, cron) to its end.
            if (next is not null && awaiter.Request.Handle.RunId.Length == 0) Join(PollOf(poll.Source, next), awaiter);
            else Finish(awaiter, closed);
        }
        foreach (var watcher in poll.Watchers.ToArray())
        {
            if (watcher.CatchingUp is not null) continue; // it ends, or moves on, once it has caught up
            if (watcher.NextEventId <= close.EventId)
            {
                // It joined during a CLOSE_EVENT poll: read its events first.
                CatchUp(poll, watcher);
                continue;
            }
            EndOrFollow(poll, watcher, close, next);
        }
    }

    private void EndOrFollow(RunPoll poll, Watcher watcher, HistoryEvent close, WorkflowHandle? next)
    {
        if (next is not null && watcher.Request.FollowRuns)
        {
            poll.Watchers.Remove(watcher);
            watcher.NextEventId = 1;
            Join(PollOf(poll.Source, next), watcher);
            return;
        }
        EndWatch(watcher, new WorkflowWatchEnded(poll.Handle, StateOf(close)));
    }

    private void HandleFailed(OperationFailed failed)
    {
        switch (failed.Request)
        {
            case PollHistory p when PollAnswering(p.Handle) is { Polling: true } poll:
                poll.Polling = false;
                PollFailed(poll, failed.Error);
                break;
            case DescribeWorkflow { Handle.RunId.Length: 0 } d when _resolving.Remove(new LatestKey(FromBackend(), d.Handle.Namespace, d.Handle.WorkflowId), out var resolution):
                FailEntries(resolution.Entries, failed.Error, transient: IsTransient(failed.Error.Kind), resolution);
                break;
            case DescribeWorkflow d when PollAnswering(d.Handle) is { ReadingLastStatus: true } poll:
                AnswerTimedOut(poll, null);
                break;
            case FetchHistory f when PollAnswering(f.Handle) is { } poll:
                foreach (var watcher in poll.Watchers.Where(w => w.CatchingUp is not null).ToArray())
                {
                    watcher.CatchingUp = null;
                    EndWatch(watcher, new OperationFailed(watcher.Request, failed.Error));
                }
                Retire(poll);
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
        Timers.StartSingleTimer(poll.Key, new Repoll(poll.Key), Pause(poll.Awaiters));
    }

    private TimeSpan Pause(IEnumerable<Awaiter> awaiters)
    {
        var pause = _settings.AwaitDefaultPollInterval;
        foreach (var awaiter in awaiters)
        {
            if (awaiter.Request.PollInterval is { } interval && interval < pause) pause = interval;
        }
        return pause;
    }

    // ---- the latest run ----

    private void HandleDescribed(WorkflowDescribed described)
    {
        WorkflowStatus? status = null;
        try
        {
            status = WorkflowStatusDecoder.Decode(described.Handle, described.Response, null, _settings.MaxRecentFailures);
        }
        catch (FormatException)
        {
            // An answer that cannot be decoded tells nothing.
        }

        if (described.Handle.RunId.Length == 0)
        {
            if (!_resolving.Remove(new LatestKey(FromBackend(), described.Handle.Namespace, described.Handle.WorkflowId), out var resolution)) return;
            if (status is not { Handle.RunId.Length: > 0 })
            {
                FailEntries(resolution.Entries, HourglassError.BackendFailed($"describe of {described.Handle} named no run"), transient: false, resolution);
                return;
            }
            var poll = PollOf(resolution.Source, status.Handle);
            foreach (var entry in resolution.Entries) Join(poll, entry);
            return;
        }

        if (PollAnswering(described.Handle) is { ReadingLastStatus: true } timedOut) AnswerTimedOut(timedOut, status);
    }

    // A describe of the latest run failed: permanently (the entries fail) or passingly (it is tried
    // again after a pause, the entries' deadlines deciding).
    private void FailEntries(List<Entry> entries, HourglassError error, bool transient, Resolution resolution)
    {
        if (transient)
        {
            var latest = new LatestKey(resolution.Source.Backend.Path, resolution.Handle.Namespace, resolution.Handle.WorkflowId);
            var live = entries.Where(e => e is not Awaiter { Done: true }).ToList();
            if (live.Count == 0) return;
            var retry = new Resolution(resolution.Source, resolution.Handle);
            retry.Entries.AddRange(live);
            _resolving[latest] = retry;
            Timers.StartSingleTimer(latest, new Reresolve(latest), Pause(live.OfType<Awaiter>()));
            return;
        }
        foreach (var entry in entries)
        {
            if (entry is Awaiter awaiter) Finish(awaiter, error);
            else EndWatch((Watcher)entry, new OperationFailed(((Watcher)entry).Request, error));
        }
    }

    // ---- watches catching up ----

    private void CatchUp(RunPoll poll, Watcher watcher)
    {
        var first = !poll.Watchers.Any(w => w.CatchingUp is not null);
        watcher.CatchingUp = new List<HistoryEvent>();
        if (first) Send(poll.Source, new FetchHistory(poll.Handle));
    }

    private void HandleCaughtUp(HistoryFetched fetched)
    {
        if (PollAnswering(fetched.Handle) is not { } poll) return;
        foreach (var watcher in poll.Watchers.Where(w => w.CatchingUp is not null).ToArray())
        {
            var live = watcher.CatchingUp!;
            watcher.CatchingUp = null;
            var events = fetched.History.Events.Concat(live)
                .Where(e => e.EventId >= watcher.NextEventId)
                .DistinctBy(e => e.EventId)
                .OrderBy(e => e.EventId)
                .ToArray();
            if (events.Length == 0) continue;
            watcher.NextEventId = events[^1].EventId + 1;
            watcher.Subscriber.Tell(new WorkflowEventsAppended(poll.Handle, events), Context.Parent);
            var last = events[^1];
            if (IsClose(last))
                EndOrFollow(poll, watcher, last, SuccessorOf(last) is { Length: > 0 } s ? poll.Handle with { RunId = s } : null);
        }
        Retire(poll);
    }

    // ---- unwatching ----

    private void HandleUnwatch(Unwatch unwatch)
    {
        var measure = _instruments.Begin(nameof(UnwatchWorkflow), unwatch.Kind, unwatch.Trace?.Context ?? default);
        measure.Leave();
        var ended = 0;
        if (_bySubscriber.TryGetValue(unwatch.Sender, out var watches))
        {
            foreach (var watcher in watches.Where(w => w.Request.Handle == unwatch.Request.Handle).ToArray())
            {
                var poll = watcher.Poll;
                EndWatch(watcher, new WorkflowWatchEnded(watcher.Request.Handle, WorkflowState.Running) { Unwatched = true });
                ended++;
                if (poll is not null) Retire(poll);
            }
        }
        var unwatched = new WorkflowUnwatched(unwatch.Request.Handle, ended);
        measure.End(unwatched);
        unwatch.Sender.Tell(unwatched, Context.Parent);
    }

    private void SubscriberGone(IActorRef subscriber)
    {
        if (!_bySubscriber.Remove(subscriber, out var watches)) return;
        foreach (var watcher in watches)
        {
            if (Forget(watcher))
            {
                watcher.Counter.Ended();
                _instruments.Watches(-1);
                // Its subscriber stopped: the watch ended without a last message.
                watcher.Measure.End(new WorkflowWatchEnded(watcher.Request.Handle, WorkflowState.Running) { Unwatched = true });
            }
            if (watcher.Poll is { } poll) Retire(poll);
        }
    }

    // Takes a watcher out of its poll, or out of a resolution that has not found its run yet.
    private bool Forget(Watcher watcher)
    {
        if (watcher.Poll is { } poll) return poll.Watchers.Remove(watcher);
        foreach (var resolution in _resolving.Values)
        {
            if (resolution.Entries.Remove(watcher)) return true;
        }
        return false;
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
            if (awaiter.Poll is not { } poll)
            {
                // Still learning which run it means: nothing to describe.
                Finish(awaiter, new HourglassError(ErrorKind.Timeout, $"workflow {awaiter.Request.Handle} could not be read within {awaiter.Request.Timeout}"));
                continue;
            }
            if (poll.ReadingLastStatus) continue;
            // The last status, read once for the awaits of the run that are due.
            poll.ReadingLastStatus = true;
            Send(poll.Source, new DescribeWorkflow(poll.Handle));
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
        awaiter.Poll?.Awaiters.Remove(awaiter);
        var answer = reply is HourglassError error ? new OperationFailed(awaiter.Request, error) : reply;
        _instruments.Awaits(-1);
        awaiter.Measure.End(answer);
        awaiter.ReplyTo.Tell(answer, Context.Parent);
        awaiter.Counter.Ended();
    }

    private void EndWatch(Watcher watcher, object reply)
    {
        if (!Forget(watcher)) return;
        if (_bySubscriber.TryGetValue(watcher.Subscriber, out var watches))
        {
            watches.Remove(watcher);
            if (watches.Count == 0)
            {
                _bySubscriber.Remove(watcher.Subscriber);
                Context.Unwatch(watcher.Subscriber);
            }
        }
        _instruments.Watches(-1);
        watcher.Measure.End(reply);
        watcher.Subscriber.Tell(reply, Context.Parent);
        watcher.Counter.Ended();
    }

    // A poll nobody waits on is forgotten once no call of its is out (a late reply then finds nothing).
    private void Retire(RunPoll poll)
    {
        if (poll.Watchers.Count == 0) poll.Mode = HistoryEventFilterType.CloseEvent;
        if (!poll.IsIdle || poll.Polling || poll.ReadingLastStatus) return;
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
        foreach (var resolution in _resolving.Values.ToArray()) FailEntries(resolution.Entries, error, transient: false, resolution);
        _polls.Clear();
        _resolving.Clear();
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

    /// <summary>Where a poll's calls go: the backend, and on whose behalf (the mock's scripts answer for the sender that started it).</summary>
    private sealed record Source(IActorRef Backend, bool BuiltInBackend, IActorRef Owner)
    {
        // The span the poll's calls are children of: the query's that began it.
        public SpanParent? Trace { get; init; }
    }

    // The backend by its path: a backend made again after it stopped serves the same polls.
    private readonly record struct PollKey(ActorPath Backend, string Namespace, string WorkflowId, string RunId);

    private readonly record struct LatestKey(ActorPath Backend, string Namespace, string WorkflowId);

    private sealed class RunPoll(PollKey key, WorkflowHandle handle, Source source)
    {
        public PollKey Key { get; } = key;
        // The run's own handle: what every call of the poll is sent with and every reply carries.
        public WorkflowHandle Handle { get; } = handle;
        public Source Source { get; } = source;
        public HistoryEventFilterType Mode { get; set; } = HistoryEventFilterType.CloseEvent;
        public HistoryEventFilterType ReadMode { get; set; } = HistoryEventFilterType.CloseEvent;
        public ByteString Token { get; set; } = ByteString.Empty;
        public long NextEventId { get; set; } = 1;
        public bool Polling { get; set; }
        public bool ReadingLastStatus { get; set; }
        public bool Closed { get; set; }
        public HourglassError? LastError { get; set; }
        public List<Awaiter> Awaiters { get; } = new(1);
        public List<Watcher> Watchers => _watchers ??= new List<Watcher>(1);
        private List<Watcher>? _watchers;
        public bool HasNoWatchers => _watchers is null || _watchers.Count == 0;
        public bool IsIdle => Awaiters.Count == 0 && HasNoWatchers;
    }

    private sealed class Resolution(Source source, WorkflowHandle handle)
    {
        public Source Source { get; } = source;
        public WorkflowHandle Handle { get; } = handle;
        public List<Entry> Entries { get; } = new(1);
    }

    private abstract class Entry
    {
        public RunPoll? Poll { get; set; }
        public OperationMeasure Measure { get; init; }
        // The count it was admitted on (hourglass.max-queries): it ends there.
        public required QueryCounter Counter { get; init; }
    }

    private sealed class Awaiter(AwaitWorkflow request, IActorRef replyTo, DateTime deadline) : Entry
    {
        public AwaitWorkflow Request { get; } = request;
        public IActorRef ReplyTo { get; } = replyTo;
        public DateTime Deadline { get; } = deadline;
        public bool Done { get; set; }
        public bool TimedOut { get; set; }
    }

    private sealed class Watcher(WatchWorkflow request, IActorRef subscriber) : Entry
    {
        public WatchWorkflow Request { get; } = request;
        public IActorRef Subscriber { get; } = subscriber;
        public long NextEventId { get; set; } = 1;
        public List<HistoryEvent>? CatchingUp { get; set; }
    }

    private sealed record Repoll(PollKey Key) : INoSerializationVerificationNeeded;

    private sealed record Reresolve(LatestKey Key) : INoSerializationVerificationNeeded;

    private sealed record LastStatusGiveUp(PollKey Key) : INoSerializationVerificationNeeded;

    private sealed class DeadlineTick : INoSerializationVerificationNeeded
    {
        public static readonly DeadlineTick Instance = new();
    }
}
