using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Backends.Mock;

/// <summary>A run's state, as the server's mutable state keeps it; touched under the engine's lock only.</summary>
public sealed partial class InMemoryTemporal
{
    // One engine transaction: what a server persists as one mutable-state update, and so counts once in
    // state_transition_count (mutable_state_impl.go closeTransaction). Every entry of the gate is one;
    // a worker's poll and its completion are two (NewTransaction).
    private long _transaction;

    /// <summary>Enters the engine's lock; leaving it (Dispose) ends the transaction.</summary>
    private Gate Enter()
    {
        var nested = Monitor.IsEntered(_gate);
        Monitor.Enter(_gate);
        if (!nested) _transaction++;
        return new Gate(_gate);
    }

    // Under _gate: what follows is another transaction (a worker's poll, then its completion).
    private void NewTransaction() => _transaction++;

    private readonly ref struct Gate(object gate)
    {
        public void Dispose() => Monitor.Exit(gate);
    }

    // A run's shared describe, stamped with the search-attribute version it was built at (a type added shows in describe).
    private sealed record DescribedRun(DescribeWorkflowExecutionResponse Response, long SearchAttributesVersion);

    // Where a run comes from: a client's start, or the run before it in the chain (continue-as-new, retry).
    private sealed record RunOrigin(
        string? FirstRunId,
        string? ContinuedFrom,
        ContinueAsNewInitiator Initiator,
        int Attempt,
        Timestamp? ExecutionExpirationTime,
        TimeSpan FirstWorkflowTaskBackoff,
        Temporalio.Api.Failure.V1.Failure? ContinuedFailure = null,
        Payloads? LastCompletionResult = null);

    private sealed class Run(StartWorkflowExecutionRequest start, string runId, string firstRunId, Timestamp startTime, Timestamp executionTime)
    {
        public StartWorkflowExecutionRequest Start { get; } = start;
        public string Namespace => Start.Namespace;
        public string WorkflowId => Start.WorkflowId;
        public string RunId { get; } = runId;
        public string FirstRunId { get; } = firstRunId;
        public string StartRequestId => Start.RequestId;
        public Timestamp StartTime { get; } = startTime;
        public Timestamp ExecutionTime { get; } = executionTime;
        public Timestamp? CloseTime { get => _closeTime; set => Set(ref _closeTime, value); }
        public WorkflowExecutionStatus Status { get => _status; set => Set(ref _status, value); }
        public bool IsOpen => Status == WorkflowExecutionStatus.Running;
        public List<HistoryEvent> Events { get; } = new();

        // Kept as events are added, so describe reads them in O(1): the serialized size of the history
        // (execution_manager.go adds each batch's blob size) and the transactions that wrote it.
        public long HistorySizeBytes { get; private set; }
        public long StateTransitionCount { get; private set; }
        private long _lastTransaction;

        public int Attempt { get => _attempt; set => Set(ref _attempt, value); }
        public Timestamp? ExecutionExpirationTime { get => _executionExpirationTime; set => Set(ref _executionExpirationTime, value); }
        public Timestamp? RunExpirationTime { get => _runExpirationTime; set => Set(ref _runExpirationTime, value); }
        public bool CancelRequested { get => _cancelRequested; set => Set(ref _cancelRequested, value); }

        // The pending workflow task (workflow_task_state_machine.go): its scheduled event and time.
        public long? WorkflowTaskScheduled { get => _workflowTaskScheduled; set => Set(ref _workflowTaskScheduled, value); }
        public Timestamp? WorkflowTaskScheduledTime { get => _workflowTaskScheduledTime; set => Set(ref _workflowTaskScheduledTime, value); }
        public bool HadWorkflowTask { get; set; }
        public bool CompletedAnyWorkflowTask { get; set; }

        // Still waiting out its start delay: no workflow task yet, and one is due later (IsWorkflowPendingOnWorkflowTaskBackoff).
        public bool PendingOnStartDelay => !HadWorkflowTask && ExecutionTime != StartTime;

        // The server's timer tasks for this run, on the engine's clock; disposed when the run closes.
        public List<ITimer> Timers { get; } = new();

        // Changed through AddPending, RemovePending and Transition (for one changed in place) only.
        public IReadOnlyList<PendingActivityInfo> PendingActivities => _pendingActivities;
        // The ActivityTaskScheduled event of each pending activity, by activity id.
        public Dictionary<string, long> ActivityScheduledEvents { get; } = new(StringComparer.Ordinal);
        public int ActivitySequence { get; set; }

        // Request ids of the signals recorded (mutable state's SignalRequestedIds).
        public HashSet<string> SignalRequestIds { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, UpdateRecord> Updates { get; } = new(StringComparer.Ordinal);
        public int BufferedQueries { get; set; }

        // Completed (outside the lock, continuations run elsewhere) when an event is appended or
        // the run closes; long polls wait on it.
        private TaskCompletionSource? _changed;

        public Task NextChange => (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        // What describe reads, besides the start request (never changed) and the namespace's search
        // attribute types: each write drops the described answer, so the next describe builds it anew.
        private Timestamp? _closeTime;
        private WorkflowExecutionStatus _status = WorkflowExecutionStatus.Running;
        private int _attempt = 1;
        private Timestamp? _executionExpirationTime;
        private Timestamp? _runExpirationTime;
        private bool _cancelRequested;
        private long? _workflowTaskScheduled;
        private Timestamp? _workflowTaskScheduledTime;
        private readonly List<PendingActivityInfo> _pendingActivities = new();

        /// <summary>
        /// Describe's answer for the run as it is, built at most once per change of the run and
        /// handed out shared (never changed once built); null when the run changed since. Written
        /// under the engine's lock only, read without it (<see cref="DescribeShared"/>), so written and
        /// read as a volatile field: a reader that sees an answer sees all of it.
        /// </summary>
        public DescribedRun? Described
        {
            get => Volatile.Read(ref _described);
            set => Volatile.Write(ref _described, value);
        }

        private DescribedRun? _described;

        private void Set<T>(ref T field, T value)
        {
            field = value;
            Described = null;
        }

        public void AddPending(PendingActivityInfo activity)
        {
            _pendingActivities.Add(activity);
            Described = null;
        }

        public void RemovePending(PendingActivityInfo activity)
        {
            _pendingActivities.Remove(activity);
            Described = null;
        }

        public void ClearPending()
        {
            _pendingActivities.Clear();
            Described = null;
        }

        public void Add(HistoryEvent e, long transaction)
        {
            Events.Add(e);
            // The event as it sits in a serialized History: its tag, length and bytes.
            var size = e.CalculateSize();
            HistorySizeBytes += 1 + CodedOutputStream.ComputeLengthSize(size) + size;
            Transition(transaction);
            var changed = _changed;
            _changed = null;
            changed?.TrySetResult();
        }

        // The run's state changed in this transaction: counted once per transaction.
        public void Transition(long transaction)
        {
            Described = null;
            if (_lastTransaction == transaction) return;
            _lastTransaction = transaction;
            StateTransitionCount++;
        }

        public void StopTimers()
        {
            foreach (var timer in Timers) timer.Dispose();
            Timers.Clear();
        }

        public WorkflowExecution Execution() => new() { WorkflowId = WorkflowId, RunId = RunId };
    }
}
