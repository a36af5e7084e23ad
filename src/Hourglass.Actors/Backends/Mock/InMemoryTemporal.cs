using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// An in-memory Temporal frontend: the WorkflowService calls Hourglass uses, taking and giving
/// the same protobuf messages a real server does and failing the same way (an
/// <see cref="RpcException"/> with the gRPC code and Temporal's failure details), so everything
/// that decodes a server's answers is exercised by it unchanged. The mock backend runs on it, and
/// so can a fake gRPC frontend. Thread-safe.
/// </summary>
/// <remarks>
/// Beyond Temporal's API it offers what a test needs to play the worker's part: complete, fail,
/// honour a cancellation, continue a workflow, and record activity failures and pending
/// activities. A cancellation request only records WorkflowExecutionCancelRequested, as on a
/// server: the run stays Running until the test, playing the worker, honours it
/// (<see cref="HonourCancel"/>). Start delays, run and execution timeouts and retries of timed-out
/// or failed runs are timers on the engine's <see cref="TimeProvider"/>, so a test advancing a fake
/// clock sees them fire. docs/fake-temporal.md lists each behaviour with the server source it follows.
/// </remarks>
public sealed partial class InMemoryTemporal
{
    /// <summary>The cluster name reported in failure details.</summary>
    public const string ClusterName = "active";

    // The frontend's defaults for a terminate that gives none (service/frontend/workflow_handler.go).
    private const string DefaultTerminateReason = "terminated by user via frontend";
    private const string DefaultTerminateIdentity = "frontend-service";

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, DescribeNamespaceResponse> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string WorkflowId), List<Run>> _workflows = new();
    // The last run of each workflow id, for the describe read without the lock; written with _workflows.
    private readonly ConcurrentDictionary<(string Namespace, string WorkflowId), Run> _latest = new();
    private long _taskId;

    /// <summary>Creates an empty Temporal with the given namespaces registered.</summary>
    /// <param name="namespaces">Namespaces that exist from the start (the dev server's "default", say).</param>
    /// <param name="clock">
    /// The clock for event times and the timers of start delays, timeouts and retries (its
    /// <see cref="TimeProvider.CreateTimer"/>); the system clock when null.
    /// </param>
    /// <param name="searchAttributes">
    /// Custom search attributes every namespace has, besides the dev server's (what
    /// <c>hourglass.mock.search-attributes</c> configures); a name of the dev server's takes the type given here.
    /// </param>
    public InMemoryTemporal(IEnumerable<string>? namespaces = null, TimeProvider? clock = null,
        IReadOnlyDictionary<string, IndexedValueType>? searchAttributes = null)
    {
        _clock = clock ?? TimeProvider.System;
        _configuredSearchAttributes = new Dictionary<string, IndexedValueType>(DevServerSearchAttributes, StringComparer.Ordinal);
        foreach (var (name, type) in searchAttributes ?? new Dictionary<string, IndexedValueType>())
        {
            if (SystemSearchAttributes.ContainsKey(name))
                throw new ArgumentException($"{name} is a system search attribute; a custom one cannot take its name", nameof(searchAttributes));
            if (type == IndexedValueType.Unspecified || !System.Enum.IsDefined(type))
                throw new ArgumentException($"search attribute {name} has no type ({type})", nameof(searchAttributes));
            ((Dictionary<string, IndexedValueType>)_configuredSearchAttributes)[name] = type;
        }
        foreach (var name in namespaces ?? ["default"])
            AddNamespace(name, "", TimeSpan.FromDays(3));
    }

    /// <summary>
    /// The largest history page, and the page a request that asks for none gets
    /// (<c>frontend.historyMaxPageSize</c>); larger requests are capped to it, as a server caps them.
    /// </summary>
    public int HistoryPageSize { get; set; } = MaxHistoryPageSize;

    /// <summary>The server version reported by <see cref="GetSystemInfo"/>.</summary>
    public string ServerVersion { get; set; } = "1.28.0-hourglass-inmemory";

    /// <summary>Answers the call every client makes on connect.</summary>
    public GetSystemInfoResponse GetSystemInfo() => new()
    {
        ServerVersion = ServerVersion,
        Capabilities = new GetSystemInfoResponse.Types.Capabilities
        {
            SignalAndQueryHeader = true,
            InternalErrorDifferentiation = true,
            ActivityFailureIncludeHeartbeat = true,
            SupportsSchedules = true,
            EncodedFailureAttributes = true,
            UpsertMemo = true,
            EagerWorkflowStart = false,
            SdkMetadata = true,
            CountGroupByExecutionStatus = true,
        },
    };

    /// <summary>
    /// The shortest retention <see cref="RegisterNamespace"/> accepts
    /// (<c>system.namespaceMinRetentionLocal</c>, 1 hour on a server).
    /// </summary>
    public TimeSpan MinimumRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Registers a namespace as the server's namespace handler does: InvalidArgument "A valid
    /// retention period is not set on request." for a missing retention or one below
    /// <see cref="MinimumRetention"/>, then AlreadyExists (with NamespaceAlreadyExistsFailure) when it exists.
    /// </summary>
    public RegisterNamespaceResponse RegisterNamespace(RegisterNamespaceRequest request)
    {
        using (Enter())
        {
            // validateRetentionDuration: a missing retention counts as 0.
            var retention = request.WorkflowExecutionRetentionPeriod?.ToTimeSpan() ?? TimeSpan.Zero;
            if (retention < MinimumRetention)
                throw Fail(StatusCode.InvalidArgument, "A valid retention period is not set on request.", null);
            if (_namespaces.ContainsKey(request.Namespace))
                throw Fail(StatusCode.AlreadyExists, $"Namespace \"{request.Namespace}\" already exists", new NamespaceAlreadyExistsFailure());
            AddNamespace(request.Namespace, request.Description, retention);
            return new RegisterNamespaceResponse();
        }
    }

    /// <summary>Describes a namespace by name or id; NotFound (with NamespaceNotFoundFailure) when missing.</summary>
    public DescribeNamespaceResponse DescribeNamespace(DescribeNamespaceRequest request)
    {
        using (Enter())
        {
            var found = request.Id.Length > 0
                ? _namespaces.Values.FirstOrDefault(n => n.NamespaceInfo.Id == request.Id)
                : _namespaces.GetValueOrDefault(request.Namespace);
            return found?.Clone() ?? throw NamespaceNotFound(request.Namespace);
        }
    }

    /// <summary>True when the namespace is registered.</summary>
    public bool HasNamespace(string name)
    {
        using (Enter()) return _namespaces.ContainsKey(name);
    }

    /// <summary>
    /// Starts a run, honouring the request id (a repeated request returns the same run), the id
    /// reuse policy, the id conflict policy (Fail by default) and the namespace's search attributes.
    /// </summary>
    public StartWorkflowExecutionResponse StartWorkflowExecution(StartWorkflowExecutionRequest request)
    {
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            var (reuse, conflict) = Policies(request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy, WorkflowIdConflictPolicy.Fail);
            CheckSearchAttributes(request.Namespace, request.SearchAttributes);
            var latest = Latest(request.Namespace, request.WorkflowId);

            if (latest is not null && request.RequestId.Length > 0 && latest.StartRequestId == request.RequestId)
                return Started(latest, started: true);

            var runId = Guid.NewGuid().ToString();
            if (latest is { IsOpen: true })
            {
                switch (conflict)
                {
                    case WorkflowIdConflictPolicy.UseExisting:
                        return Started(latest, started: false);
                    case WorkflowIdConflictPolicy.TerminateExisting:
                        TerminateExisting(latest, runId);
                        break;
                    default:
                        throw AlreadyStarted(latest,
                            $"Workflow execution is already running. WorkflowId: {latest.WorkflowId}, RunId: {latest.RunId}.");
                }
            }
            else if (latest is not null)
            {
                CheckReusePolicy(latest, reuse);
            }

            var run = CreateRun(request, runId);
            ScheduleFirstWorkflowTask(run);
            AddRun(run);
            return Started(run, started: true);
        }
    }

    /// <summary>
    /// Describes a run (the latest when the run id is empty) as the server's describe does
    /// (<c>service/history/api/describeworkflow/api.go</c>): the stored (defaulted) timeouts, the
    /// pending workflow task, the extended info (expiration times, cancel requested, original start
    /// time, the start's request id), memo and search attributes always present. Costs O(1) in the
    /// history's length. NotFound when there is no such run. The answer is the caller's own (built anew).
    /// </summary>
    public DescribeWorkflowExecutionResponse DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request)
    {
        using (Enter()) return Describe(Find(request.Namespace, request.Execution));
    }

    // Describe's answer for the backends (ITemporalService), shared by every caller until the run
    // changes, as a server's describe reads its mutable-state cache: built once per change and never
    // changed after, so callers must not change it (the mock's replies are messages, immutable by
    // Akka's rule; the payload codec copies before it decodes). The latest run's answer, while it is
    // current, is read without the lock: a describe racing a write answers as of just before it.
    private DescribeWorkflowExecutionResponse DescribeShared(DescribeWorkflowExecutionRequest request)
    {
        if (request.Execution is { } execution
            && _latest.TryGetValue((request.Namespace, execution.WorkflowId), out var latest)
            && (execution.RunId.Length == 0 || execution.RunId == latest.RunId)
            && latest.Described is { } current
            && current.SearchAttributesVersion == Volatile.Read(ref _searchAttributesVersion))
            return current.Response;
        using (Enter())
        {
            var run = Find(request.Namespace, request.Execution);
            if (run.Described is { } described && described.SearchAttributesVersion == _searchAttributesVersion) return described.Response;
            var response = Describe(run);
            run.Described = new DescribedRun(response, _searchAttributesVersion);
            return response;
        }
    }

    // Under _gate.
    private DescribeWorkflowExecutionResponse Describe(Run run)
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = run.Execution(),
            Type = new WorkflowType { Name = run.Start.WorkflowType.Name },
            StartTime = run.StartTime,
            ExecutionTime = run.ExecutionTime,
            Status = run.Status,
            HistoryLength = run.Events.Count,
            HistorySizeBytes = run.HistorySizeBytes,
            TaskQueue = run.Start.TaskQueue.Name,
            StateTransitionCount = run.StateTransitionCount,
            FirstRunId = run.FirstRunId,
            RootExecution = run.Execution(),
            // Always present, possibly empty, as the server's describe sets them (describeworkflow/api.go).
            Memo = run.Start.Memo?.Clone() ?? new Memo(),
            SearchAttributes = DescribedSearchAttributes(run),
        };
        if (run.CloseTime is { } closed)
        {
            info.CloseTime = closed;
            var duration = closed.ToDateTimeOffset() - run.ExecutionTime.ToDateTimeOffset();
            info.ExecutionDuration = Duration.FromTimeSpan(duration > TimeSpan.Zero ? duration : TimeSpan.Zero);
        }

        var extended = new WorkflowExecutionExtendedInfo
        {
            ExecutionExpirationTime = run.ExecutionExpirationTime?.Clone(),
            // The server's zero time (0001-01-01) when the run has no run timeout (mutable_state_impl.go).
            RunExpirationTime = run.RunExpirationTime?.Clone() ?? Timestamp.FromDateTimeOffset(DateTimeOffset.MinValue),
            OriginalStartTime = run.Events[0].EventTime.Clone(),
            CancelRequested = run.CancelRequested,
        };
        if (run.StartRequestId.Length > 0)
            extended.RequestIdInfos[run.StartRequestId] = new RequestIdInfo { EventType = EventType.WorkflowExecutionStarted, EventId = 1 };

        var response = new DescribeWorkflowExecutionResponse
        {
            ExecutionConfig = new WorkflowExecutionConfig
            {
                TaskQueue = new TaskQueue { Name = run.Start.TaskQueue.Name, Kind = TaskQueueKind.Normal },
                // As stored: absent when not set, the run timeout defaulted from the execution timeout (create_workflow_util.go).
                WorkflowExecutionTimeout = run.Start.WorkflowExecutionTimeout?.Clone(),
                WorkflowRunTimeout = run.Start.WorkflowRunTimeout?.Clone(),
                DefaultWorkflowTaskTimeout = run.Start.WorkflowTaskTimeout?.Clone(),
                UserMetadata = run.Start.UserMetadata?.Clone(),
            },
            WorkflowExecutionInfo = info,
            WorkflowExtendedInfo = extended,
        };
        if (run.WorkflowTaskScheduled is not null)
        {
            response.PendingWorkflowTask = new PendingWorkflowTaskInfo
            {
                State = PendingWorkflowTaskState.Scheduled,
                ScheduledTime = run.WorkflowTaskScheduledTime?.Clone(),
                OriginalScheduledTime = run.WorkflowTaskScheduledTime?.Clone(),
                Attempt = 1,
            };
        }
        response.PendingActivities.AddRange(run.PendingActivities.Select(p => p.Clone()));
        return response;
    }

    /// <summary>
    /// Records a signal on an open run, as history's signalworkflow does: a request id already
    /// recorded is a duplicate, answered OK without a second event even after the run closed; a
    /// closed run is otherwise NotFound "workflow execution already completed". The signal schedules
    /// a workflow task when none is pending and the run is not waiting out its start delay.
    /// </summary>
    public SignalWorkflowExecutionResponse SignalWorkflowExecution(SignalWorkflowExecutionRequest request)
    {
        using (Enter())
        {
            var run = Find(request.Namespace, request.WorkflowExecution);
            if (request.RequestId.Length > 0 && run.SignalRequestIds.Contains(request.RequestId))
                return new SignalWorkflowExecutionResponse();
            if (!run.IsOpen) throw WorkflowCompleted();
            if (request.RequestId.Length > 0) run.SignalRequestIds.Add(request.RequestId);
            Signal(run, request.SignalName, request.Input, request.Identity, request.Header, request.RequestId);
            if (!run.PendingOnStartDelay) ScheduleWorkflowTaskIfNone(run);
            return new SignalWorkflowExecutionResponse();
        }
    }

    /// <summary>
    /// Requests cancellation as history's requestcancelworkflow does: the run gets a
    /// WorkflowExecutionCancelRequested event (cause = the reason, identity), a workflow task if
    /// none is pending (even during a start delay), and stays Running until a worker honours it
    /// (<see cref="HonourCancel"/>); describe shows <c>cancel_requested</c>. A closed run, or one
    /// whose cancellation was already requested, is answered OK without a second event (no request
    /// id dedup: every repeat is a no-op). A first execution run id targets the current run of its
    /// chain and must match it (NotFound "workflow execution not found" otherwise).
    /// </summary>
    public RequestCancelWorkflowExecutionResponse RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest request)
    {
        using (Enter())
        {
            CheckExecution(request.WorkflowExecution);
            // A first execution run id makes the server ignore the run id and take the current run.
            var execution = request.FirstExecutionRunId.Length > 0
                ? new WorkflowExecution { WorkflowId = request.WorkflowExecution.WorkflowId }
                : request.WorkflowExecution;
            var run = Find(request.Namespace, execution);
            // "the request to cancel this workflow is a success even if the target workflow has already finished"
            if (!run.IsOpen) return new RequestCancelWorkflowExecutionResponse();
            if (request.FirstExecutionRunId.Length > 0 && run.FirstRunId != request.FirstExecutionRunId)
                throw Fail(StatusCode.NotFound, "workflow execution not found", NotFoundDetail());
            // "since cancellation is idempotent"
            if (run.CancelRequested) return new RequestCancelWorkflowExecutionResponse();

            Append(run, EventType.WorkflowExecutionCancelRequested, e => e.WorkflowExecutionCancelRequestedEventAttributes = new()
            {
                Cause = request.Reason,
                Identity = request.Identity,
            });
            run.CancelRequested = true;
            ScheduleWorkflowTaskIfNone(run);
            return new RequestCancelWorkflowExecutionResponse();
        }
    }

    /// <summary>
    /// Terminates an open run as the server does: the reason and identity default to the
    /// frontend's ("terminated by user via frontend", "frontend-service"), the details are kept;
    /// NotFound for a missing run, for a closed one ("workflow execution already completed"), and for
    /// a first execution run id that is not the current run's. There is no request id to deduplicate by.
    /// </summary>
    public TerminateWorkflowExecutionResponse TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request)
    {
        using (Enter())
        {
            CheckExecution(request.WorkflowExecution);
            // A first execution run id targets the current run of that chain, whatever run id is given.
            var execution = request.FirstExecutionRunId.Length > 0
                ? new WorkflowExecution { WorkflowId = request.WorkflowExecution.WorkflowId }
                : request.WorkflowExecution;
            var run = FindOpen(request.Namespace, execution);
            if (request.FirstExecutionRunId.Length > 0 && run.FirstRunId != request.FirstExecutionRunId)
                throw Fail(StatusCode.NotFound, "workflow execution not found", NotFoundDetail());
            Close(run, EventType.WorkflowExecutionTerminated, WorkflowExecutionStatus.Terminated, e =>
                e.WorkflowExecutionTerminatedEventAttributes = new()
                {
                    Reason = request.Reason.Length == 0 ? DefaultTerminateReason : request.Reason,
                    Details = request.Details?.Clone(),
                    Identity = request.Identity.Length == 0 ? DefaultTerminateIdentity : request.Identity,
                });
            return new TerminateWorkflowExecutionResponse();
        }
    }

    /// <summary>The run <paramref name="execution"/> names as it is now (an empty run id: the latest run).</summary>
    public WorkflowExecution CurrentRun(string @namespace, WorkflowExecution execution)
    {
        using (Enter()) return Find(@namespace, execution).Execution();
    }

    private void AddNamespace(string name, string description, TimeSpan retention)
    {
        CustomSearchAttributesOf(name);
        _namespaces[name] = new DescribeNamespaceResponse
        {
            NamespaceInfo = new NamespaceInfo
            {
                Name = name,
                Id = Guid.NewGuid().ToString(),
                State = NamespaceState.Registered,
                Description = description,
            },
            Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(retention) },
            IsGlobalNamespace = false,
        };
    }

    // A run with its WorkflowExecutionStarted event and its timers, not yet in _workflows; its first
    // workflow task is the caller's to schedule (signal-with-start records its signal in between).
    // Without an origin it is a client's start; with one, the next run of a chain.
    private Run CreateRun(StartWorkflowExecutionRequest request, string runId, RunOrigin? origin = null)
    {
        var now = Now();
        var start = request.Clone();
        // Null values unset an attribute: the started event and the run keep the others (payload.FilterNilSearchAttributes).
        start.SearchAttributes = WithoutNilValues(request.SearchAttributes);
        StoreTimeouts(start);
        if (start.RetryPolicy is { } policy) DefaultRetryPolicy(policy);
        var backoff = origin?.FirstWorkflowTaskBackoff ?? request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero;
        if (backoff < TimeSpan.Zero) backoff = TimeSpan.Zero;
        var run = new Run(start, runId, origin?.FirstRunId ?? runId, now, Timestamp.FromDateTimeOffset(now.ToDateTimeOffset() + backoff))
        {
            Attempt = origin?.Attempt ?? 1,
            // Carried along the chain; a client's start sets it from the execution timeout (common/util.go).
            ExecutionExpirationTime = origin is not null ? origin.ExecutionExpirationTime?.Clone() : ExecutionExpiration(now, start.WorkflowExecutionTimeout),
        };
        run.RunExpirationTime = RunExpiration(run, backoff);
        var initiator = origin?.Initiator
            ?? (start.CronSchedule.Length > 0 ? ContinueAsNewInitiator.CronSchedule : ContinueAsNewInitiator.Unspecified);
        Append(run, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new()
        {
            WorkflowId = start.WorkflowId,
            WorkflowType = start.WorkflowType.Clone(),
            TaskQueue = start.TaskQueue.Clone(),
            Input = start.Input?.Clone(),
            WorkflowExecutionTimeout = start.WorkflowExecutionTimeout?.Clone(),
            WorkflowRunTimeout = start.WorkflowRunTimeout?.Clone(),
            WorkflowTaskTimeout = start.WorkflowTaskTimeout?.Clone(),
            Identity = start.Identity,
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = run.FirstRunId,
            ContinuedExecutionRunId = origin?.ContinuedFrom ?? "",
            Initiator = initiator,
            ContinuedFailure = origin?.ContinuedFailure?.Clone(),
            LastCompletionResult = origin?.LastCompletionResult?.Clone(),
            RetryPolicy = start.RetryPolicy?.Clone(),
            Attempt = run.Attempt,
            WorkflowExecutionExpirationTime = run.ExecutionExpirationTime?.Clone(),
            CronSchedule = start.CronSchedule,
            Memo = start.Memo?.Clone(),
            SearchAttributes = start.SearchAttributes?.Clone(),
            Header = start.Header?.Clone(),
            // Always set, 0s without a delay (common/util.go CreateHistoryStartWorkflowRequest).
            FirstWorkflowTaskBackoff = Duration.FromTimeSpan(backoff),
            Priority = start.Priority?.Clone(),
        });
        StartTimers(run, continued: origin?.ContinuedFrom is not null);
        RecordStarted(run);
        return run;
    }

    private void AddRun(Run run)
    {
        var key = (run.Namespace, run.WorkflowId);
        if (!_workflows.TryGetValue(key, out var runs)) _workflows[key] = runs = new List<Run>();
        runs.Add(run);
        _latest[key] = run;
    }

    // A running run replaced by a new one (conflict policy TerminateExisting, or the deprecated reuse
    // policy TerminateIfRunning): terminated as history's terminateWorkflowAction writes it
    // (service/history/api/workflow_id_dedup.go).
    private void TerminateExisting(Run latest, string newRunId) =>
        Close(latest, EventType.WorkflowExecutionTerminated, WorkflowExecutionStatus.Terminated, e =>
            e.WorkflowExecutionTerminatedEventAttributes = new()
            {
                Reason = "TerminateIfRunning WorkflowIdReusePolicy",
                Details = new Payloads { Payloads_ = { HourglassPayload.From($"terminated by new runID: {newRunId}") } },
                Identity = "history-service",
            });

    // A closed latest run and the id reuse policy, as ResolveWorkflowIDReusePolicy decides (workflow_id_dedup.go).
    private static void CheckReusePolicy(Run latest, WorkflowIdReusePolicy reuse)
    {
        switch (reuse)
        {
            case WorkflowIdReusePolicy.AllowDuplicateFailedOnly when latest.Status is not (WorkflowExecutionStatus.Failed
                or WorkflowExecutionStatus.Canceled or WorkflowExecutionStatus.Terminated or WorkflowExecutionStatus.TimedOut):
                throw AlreadyStarted(latest,
                    $"Workflow execution already finished successfully. WorkflowId: {latest.WorkflowId}, RunId: {latest.RunId}. " +
                    "Workflow Id reuse policy: allow duplicate workflow Id if last run failed.");
            case WorkflowIdReusePolicy.RejectDuplicate:
                throw AlreadyStarted(latest,
                    $"Workflow execution already finished. WorkflowId: {latest.WorkflowId}, RunId: {latest.RunId}. " +
                    "Workflow Id reuse policy: reject duplicate workflow Id.");
        }
    }

    // The frontend's policy checks (ValidateWorkflowIDReusePolicy) and defaults (SetDefaultWorkflowIDPolicies):
    // an unset conflict policy becomes defaultConflict, or TerminateExisting for the deprecated
    // TerminateIfRunning (then AllowDuplicate); an unset reuse policy becomes AllowDuplicate.
    private static (WorkflowIdReusePolicy Reuse, WorkflowIdConflictPolicy Conflict) Policies(
        WorkflowIdReusePolicy reuse, WorkflowIdConflictPolicy conflict, WorkflowIdConflictPolicy defaultConflict)
    {
#pragma warning disable CS0612 // deprecated in favour of the conflict policy, still sent by older clients
        var terminateIfRunning = reuse == WorkflowIdReusePolicy.TerminateIfRunning;
#pragma warning restore CS0612
        if (conflict != WorkflowIdConflictPolicy.Unspecified && terminateIfRunning)
            throw Fail(StatusCode.InvalidArgument,
                "Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING cannot be used together with a WorkflowIDConflictPolicy", null);
        if (conflict == WorkflowIdConflictPolicy.TerminateExisting && reuse == WorkflowIdReusePolicy.RejectDuplicate)
            throw Fail(StatusCode.InvalidArgument,
                "Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE cannot be used together with WorkflowIdConflictPolicy WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING", null);
        if (conflict == WorkflowIdConflictPolicy.Unspecified)
            (reuse, conflict) = terminateIfRunning ? (WorkflowIdReusePolicy.AllowDuplicate, WorkflowIdConflictPolicy.TerminateExisting) : (reuse, defaultConflict);
        return (reuse == WorkflowIdReusePolicy.Unspecified ? WorkflowIdReusePolicy.AllowDuplicate : reuse, conflict);
    }

    // The WorkflowExecutionSignaled event (historybuilder/event_factory.go).
    private void Signal(Run run, string name, Payloads? input, string identity, Header? header, string requestId) =>
        Append(run, EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new()
        {
            SignalName = name,
            Input = input?.Clone(),
            Identity = identity,
            Header = header?.Clone(),
            RequestId = requestId,
        });

    private long Append(Run run, EventType type, Action<HistoryEvent> setAttributes, Timestamp? at = null)
    {
        var e = new HistoryEvent
        {
            EventId = run.Events.Count + 1,
            EventTime = at ?? Now(),
            EventType = type,
            TaskId = ++_taskId,
            Version = 0,
        };
        setAttributes(e);
        run.Add(e, _transaction);
        return e.EventId;
    }

    // The run closes: no pending task or activity is left, its timers stop, its updates end.
    private void Close(Run run, EventType type, WorkflowExecutionStatus status, Action<HistoryEvent> setAttributes)
    {
        Append(run, type, setAttributes);
        run.Status = status;
        run.CloseTime = Now();
        run.ClearPending();
        run.ActivityScheduledEvents.Clear();
        run.WorkflowTaskScheduled = null;
        run.WorkflowTaskScheduledTime = null;
        run.StopTimers();
        AbortUpdates(run);
        RecordClosed(run);
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_clock.GetUtcNow());

    private Run Find(string @namespace, WorkflowExecution? execution)
    {
        var workflowId = execution?.WorkflowId ?? "";
        var runId = execution?.RunId ?? "";
        // A workflow is only ever stored under a namespace that exists (and namespaces stay), so the
        // namespace is looked up only for the error of a run not found.
        if (_workflows.TryGetValue((@namespace, workflowId), out var runs))
        {
            var run = runId.Length == 0 ? runs[^1] : FindRun(runs, runId);
            if (run is not null) return run;
        }
        RequireNamespace(@namespace);
        // The messages of common/persistence/execution_manager.go.
        throw Fail(StatusCode.NotFound,
            runId.Length == 0
                ? $"workflow not found for ID: {workflowId}"
                : $"workflow execution not found for workflow ID \"{workflowId}\" and run ID \"{runId}\"",
            NotFoundDetail());
    }

    private static Run? FindRun(List<Run> runs, string runId)
    {
        foreach (var run in runs)
        {
            if (run.RunId == runId) return run;
        }
        return null;
    }

    // The current run of a workflow id; null when the id was never used.
    private Run? Latest(string @namespace, string workflowId) =>
        _workflows.TryGetValue((@namespace, workflowId), out var runs) ? runs[^1] : null;

    // The frontend's validateExecution (service/frontend/validators.go).
    private static void CheckExecution(WorkflowExecution? execution)
    {
        if (execution is null) throw Fail(StatusCode.InvalidArgument, "Execution is not set on request.", null);
        if (execution.WorkflowId.Length == 0) throw Fail(StatusCode.InvalidArgument, "WorkflowId is not set on request.", null);
        if (execution.RunId.Length > 0 && !Guid.TryParse(execution.RunId, out _)) throw Fail(StatusCode.InvalidArgument, "Invalid RunId.", null);
    }

    private Run FindOpen(string @namespace, WorkflowExecution? execution)
    {
        var run = Find(@namespace, execution);
        return run.IsOpen ? run : throw WorkflowCompleted();
    }

    // consts.ErrWorkflowCompleted.
    private static RpcException WorkflowCompleted() =>
        Fail(StatusCode.NotFound, "workflow execution already completed", NotFoundDetail());

    private void RequireNamespace(string @namespace)
    {
        if (!_namespaces.ContainsKey(@namespace)) throw NamespaceNotFound(@namespace);
    }

    private static StartWorkflowExecutionResponse Started(Run run, bool started) => new()
    {
        RunId = run.RunId,
        Started = started,
        Status = run.Status,
    };

    private static RpcException NamespaceNotFound(string name) =>
        Fail(StatusCode.NotFound, $"Namespace {name} is not found.", new NamespaceNotFoundFailure { Namespace = name });

    private static RpcException AlreadyStarted(Run run, string message) =>
        Fail(StatusCode.AlreadyExists, message, new WorkflowExecutionAlreadyStartedFailure
        {
            StartRequestId = run.StartRequestId,
            RunId = run.RunId,
            FirstExecutionRunId = run.FirstRunId,
        });

    private static NotFoundFailure NotFoundDetail() => new() { CurrentCluster = ClusterName, ActiveCluster = ClusterName };

    /// <summary>The error a Temporal frontend sends: a gRPC status with the failure detail packed in it.</summary>
    public static RpcException Fail(StatusCode code, string message, IMessage? detail)
    {
        var status = new GrpcStatus { Code = (int)code, Message = message };
        if (detail is not null) status.Details.Add(Any.Pack(detail));
        return new RpcException(code, message, status.ToByteArray());
    }
}
