using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;

namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// One run as visibility keeps it: the row the server writes when the run starts and rewrites
/// when it closes (<c>common/persistence/visibility</c>, the SQL store's
/// <c>executions_visibility</c>). History length, size, state transitions and execution duration
/// are written at close only, so they are null (and match no comparison) while the run is open.
/// Not thread-safe: the in-memory Temporal reads and writes it under its lock.
/// </summary>
internal sealed class VisibilityRecord
{
    private Dictionary<(string, IndexedValueType), object?>? _decoded;

    /// <summary>The workflow id.</summary>
    public required string WorkflowId { get; init; }

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The workflow type's name.</summary>
    public required string WorkflowType { get; init; }

    /// <summary>The task queue's name.</summary>
    public required string TaskQueue { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When its first workflow task was due (the start time plus any start delay).</summary>
    public required DateTimeOffset ExecutionTime { get; init; }

    /// <summary>Its status.</summary>
    public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;

    /// <summary>When it closed; null while it is open.</summary>
    public DateTimeOffset? CloseTime { get; set; }

    /// <summary>Its history length at close; null while open.</summary>
    public long? HistoryLength { get; set; }

    /// <summary>Its history's size in bytes at close; null while open.</summary>
    public long? HistorySizeBytes { get; set; }

    /// <summary>Its state transitions at close; null while open.</summary>
    public long? StateTransitionCount { get; set; }

    /// <summary>Close time less execution time, in nanoseconds; null while open.</summary>
    public long? ExecutionDurationNanos { get; set; }

    /// <summary>The workflow id of the chain's root (its own for a top-level workflow).</summary>
    public string RootWorkflowId => WorkflowId;

    /// <summary>The run id of the chain's root (its own for a top-level workflow).</summary>
    public string RootRunId => RunId;

    /// <summary>The memo it started with, if any.</summary>
    public Memo? Memo { get; init; }

    /// <summary>The custom search attributes it started with, by name, as the start request sent them.</summary>
    public IReadOnlyDictionary<string, Payload> SearchAttributes { get; init; } = new Dictionary<string, Payload>();

    /// <summary>The order a list returns runs in, and its page token: see <see cref="VisibilityOrder"/>.</summary>
    public VisibilityOrder.Key Key => new(CloseTime is { } closed ? closed.UtcTicks : long.MaxValue, StartTime.UtcTicks, RunId);

    /// <summary>A custom search attribute's value read as <paramref name="type"/> (read once, then kept); null when it has none.</summary>
    public object? Custom(string name, IndexedValueType type)
    {
        if (!SearchAttributes.TryGetValue(name, out var payload)) return null;
        _decoded ??= new Dictionary<(string, IndexedValueType), object?>();
        if (!_decoded.TryGetValue((name, type), out var value))
            _decoded[(name, type)] = value = VisibilityValues.Decode(payload, type);
        return value;
    }

    /// <summary>Marks the run closed with the facts visibility records at close.</summary>
    public void Close(WorkflowExecutionStatus status, DateTimeOffset closeTime, long historyLength, long historySizeBytes, long stateTransitionCount)
    {
        Status = status;
        CloseTime = closeTime;
        HistoryLength = historyLength;
        HistorySizeBytes = historySizeBytes;
        StateTransitionCount = stateTransitionCount;
        var duration = closeTime - ExecutionTime;
        ExecutionDurationNanos = (duration > TimeSpan.Zero ? duration : TimeSpan.Zero).Ticks * 100;
    }

    /// <summary>
    /// The execution as ListWorkflowExecutions shows it (<c>visibility_manager_impl.go</c>
    /// <c>convertToWorkflowExecutionInfo</c>): execution, type, start, execution and close time,
    /// status, task queue, memo, custom search attributes, root execution; history length, size,
    /// state transitions and duration for a closed run only.
    /// </summary>
    public WorkflowExecutionInfo ToInfo()
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = new WorkflowExecution { WorkflowId = WorkflowId, RunId = RunId },
            Type = new WorkflowType { Name = WorkflowType },
            StartTime = Timestamp.FromDateTimeOffset(StartTime),
            ExecutionTime = Timestamp.FromDateTimeOffset(ExecutionTime),
            Status = Status,
            TaskQueue = TaskQueue,
            Memo = Memo?.Clone() ?? new Memo(),
            RootExecution = new WorkflowExecution { WorkflowId = RootWorkflowId, RunId = RootRunId },
        };
        if (SearchAttributes.Count > 0)
        {
            info.SearchAttributes = new SearchAttributes();
            foreach (var (name, value) in SearchAttributes) info.SearchAttributes.IndexedFields[name] = value.Clone();
        }
        if (CloseTime is { } closed)
        {
            info.CloseTime = Timestamp.FromDateTimeOffset(closed);
            info.ExecutionDuration = Duration.FromTimeSpan(TimeSpan.FromTicks((ExecutionDurationNanos ?? 0) / 100));
            info.HistoryLength = HistoryLength ?? 0;
            info.HistorySizeBytes = HistorySizeBytes ?? 0;
            info.StateTransitionCount = StateTransitionCount ?? 0;
        }
        return info;
    }
}
