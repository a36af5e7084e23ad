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
/// time out or continue a workflow, and record activity failures and pending activities.
/// Cancellation closes the workflow as Canceled at once, as a worker honouring it would.
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
    private long _taskId;

    /// <summary>Creates an empty Temporal with the given namespaces registered.</summary>
    /// <param name="namespaces">Namespaces that exist from the start (the dev server's "default", say).</param>
    /// <param name="clock">The clock for event times and start delays; the system clock when null.</param>
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

    /// <summary>Registers a namespace; AlreadyExists (with NamespaceAlreadyExistsFailure) when it exists.</summary>
    public RegisterNamespaceResponse RegisterNamespace(RegisterNamespaceRequest request)
    {
        lock (_gate)
        {
            if (_namespaces.ContainsKey(request.Namespace))
                throw Fail(StatusCode.AlreadyExists, "Namespace already exists.", new NamespaceAlreadyExistsFailure());
            AddNamespace(request.Namespace, request.Description,
                request.WorkflowExecutionRetentionPeriod?.ToTimeSpan() ?? TimeSpan.FromDays(3));
            return new RegisterNamespaceResponse();
        }
    }

    /// <summary>Describes a namespace by name or id; NotFound (with NamespaceNotFoundFailure) when missing.</summary>
    public DescribeNamespaceResponse DescribeNamespace(DescribeNamespaceRequest request)
    {
        lock (_gate)
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
        lock (_gate) return _namespaces.ContainsKey(name);
    }

    /// <summary>
    /// Starts a run, honouring the request id (a repeated request returns the same run), the id
    /// reuse policy, the id conflict policy (Fail by default) and the namespace's search attributes.
    /// </summary>
    public StartWorkflowExecutionResponse StartWorkflowExecution(StartWorkflowExecutionRequest request)
    {
        lock (_gate)
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

            var run = CreateRun(request, runId, firstRunId: null, continuedFrom: null);
            ScheduleFirstWorkflowTask(run);
            AddRun(run);
            return Started(run, started: true);
        }
    }

    /// <summary>Describes a run (the latest when the run id is empty); NotFound when there is none.</summary>
    public DescribeWorkflowExecutionResponse DescribeWorkflowExecution(DescribeWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            var run = Find(request.Namespace, request.Execution);
            var info = new WorkflowExecutionInfo
            {
                Execution = run.Execution(),
                Type = new WorkflowType { Name = run.Start.WorkflowType.Name },
                StartTime = run.StartTime,
                ExecutionTime = run.ExecutionTime,
                Status = run.Status,
                HistoryLength = run.Events.Count,
                HistorySizeBytes = run.Events.Sum(e => (long)e.CalculateSize()),
                TaskQueue = run.Start.TaskQueue.Name,
                StateTransitionCount = run.Events.Count,
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

            var response = new DescribeWorkflowExecutionResponse
            {
                ExecutionConfig = new WorkflowExecutionConfig
                {
                    TaskQueue = run.Start.TaskQueue.Clone(),
                    WorkflowExecutionTimeout = run.Start.WorkflowExecutionTimeout?.Clone() ?? new Duration(),
                    WorkflowRunTimeout = run.Start.WorkflowRunTimeout?.Clone() ?? new Duration(),
                    DefaultWorkflowTaskTimeout = run.Start.WorkflowTaskTimeout?.Clone() ?? Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
                },
                WorkflowExecutionInfo = info,
            };
            response.PendingActivities.AddRange(run.PendingActivities.Select(p => p.Clone()));
            return response;
        }
    }

    /// <summary>Records a signal on an open run; NotFound for a missing or closed run. A repeated request id is accepted once.</summary>
    public SignalWorkflowExecutionResponse SignalWorkflowExecution(SignalWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            var run = FindOpen(request.Namespace, request.WorkflowExecution);
            if (request.RequestId.Length == 0 || run.RequestIds.Add(request.RequestId))
                Signal(run, request.SignalName, request.Input, request.Identity, request.Header, request.RequestId);
            return new SignalWorkflowExecutionResponse();
        }
    }

    /// <summary>
    /// Records a cancellation request with its reason and closes the run as Canceled; NotFound for
    /// a missing or closed run. A repeated request id is accepted once.
    /// </summary>
    public RequestCancelWorkflowExecutionResponse RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            var run = Find(request.Namespace, request.WorkflowExecution);
            if (request.RequestId.Length > 0 && run.RequestIds.Contains(request.RequestId))
                return new RequestCancelWorkflowExecutionResponse();
            if (!run.IsOpen)
                throw Fail(StatusCode.NotFound, "workflow execution already completed", NotFoundDetail());
            if (request.RequestId.Length > 0) run.RequestIds.Add(request.RequestId);

            Append(run, EventType.WorkflowExecutionCancelRequested, e => e.WorkflowExecutionCancelRequestedEventAttributes = new()
            {
                Cause = request.Reason,
                Identity = request.Identity,
            });
            var completed = CompleteWorkflowTask(run);
            Close(run, EventType.WorkflowExecutionCanceled, WorkflowExecutionStatus.Canceled, e =>
                e.WorkflowExecutionCanceledEventAttributes = new() { WorkflowTaskCompletedEventId = completed });
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
        lock (_gate)
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

    /// <summary>Plays the worker: the run completes with <paramref name="result"/>. Returns the run closed.</summary>
    public WorkflowExecution CompleteWorkflow(string @namespace, WorkflowExecution execution, Payloads? result)
    {
        lock (_gate)
        {
            var run = FindOpen(@namespace, execution);
            var completed = CompleteWorkflowTask(run);
            Close(run, EventType.WorkflowExecutionCompleted, WorkflowExecutionStatus.Completed, e =>
                e.WorkflowExecutionCompletedEventAttributes = new() { Result = result?.Clone(), WorkflowTaskCompletedEventId = completed });
            return run.Execution();
        }
    }

    /// <summary>Plays the worker: the run fails with <paramref name="failure"/>. Returns the run closed.</summary>
    public WorkflowExecution FailWorkflow(string @namespace, WorkflowExecution execution, Failure failure)
    {
        lock (_gate)
        {
            var run = FindOpen(@namespace, execution);
            var completed = CompleteWorkflowTask(run);
            Close(run, EventType.WorkflowExecutionFailed, WorkflowExecutionStatus.Failed, e =>
                e.WorkflowExecutionFailedEventAttributes = new()
                {
                    Failure = failure.Clone(),
                    RetryState = RetryState.RetryPolicyNotSet,
                    WorkflowTaskCompletedEventId = completed,
                });
            return run.Execution();
        }
    }

    /// <summary>Plays the server's timer: the run times out. Returns the run closed.</summary>
    public WorkflowExecution TimeOutWorkflow(string @namespace, WorkflowExecution execution)
    {
        lock (_gate)
        {
            var run = FindOpen(@namespace, execution);
            Close(run, EventType.WorkflowExecutionTimedOut, WorkflowExecutionStatus.TimedOut, e =>
                e.WorkflowExecutionTimedOutEventAttributes = new() { RetryState = RetryState.Timeout });
            return run.Execution();
        }
    }

    /// <summary>
    /// Plays the worker: the run continues as new with <paramref name="input"/>. Returns the new
    /// run, which is open.
    /// </summary>
    public WorkflowExecution ContinueAsNew(string @namespace, WorkflowExecution execution, Payloads? input)
    {
        lock (_gate)
        {
            var run = FindOpen(@namespace, execution);
            var next = run.Start.Clone();
            next.Input = input?.Clone();
            next.RequestId = Guid.NewGuid().ToString();
            // The first run's start delay is not the new run's (its backoff is the command's, none here).
            next.WorkflowStartDelay = null;
            var successor = CreateRun(next, Guid.NewGuid().ToString(), run.FirstRunId, run.RunId);
            ScheduleFirstWorkflowTask(successor);
            var completed = CompleteWorkflowTask(run);
            Close(run, EventType.WorkflowExecutionContinuedAsNew, WorkflowExecutionStatus.ContinuedAsNew, e =>
                e.WorkflowExecutionContinuedAsNewEventAttributes = new()
                {
                    NewExecutionRunId = successor.RunId,
                    WorkflowType = run.Start.WorkflowType.Clone(),
                    TaskQueue = run.Start.TaskQueue.Clone(),
                    Input = input?.Clone(),
                    WorkflowTaskCompletedEventId = completed,
                    Initiator = ContinueAsNewInitiator.Workflow,
                });
            _workflows[(run.Namespace, run.WorkflowId)].Add(successor);
            return successor.Execution();
        }
    }

    /// <summary>
    /// Plays the worker: an activity attempt failed for good. Appends the scheduled, started (with
    /// <paramref name="attempt"/>) and failed events, as the server writes them once retries end,
    /// and drops the activity from the pending list. Returns the activity id.
    /// </summary>
    public string RecordActivityFailure(string @namespace, WorkflowExecution execution, string activityType, int attempt, Failure failure)
    {
        lock (_gate)
        {
            var run = FindOpen(@namespace, execution);
            var pending = run.PendingActivities.FirstOrDefault(p => p.ActivityType.Name == activityType);
            var activityId = pending?.ActivityId ?? (++run.ActivitySequence).ToString();
            if (pending is not null) run.PendingActivities.Remove(pending);

            var scheduled = Append(run, EventType.ActivityTaskScheduled, e => e.ActivityTaskScheduledEventAttributes = new()
            {
                ActivityId = activityId,
                ActivityType = new ActivityType { Name = activityType },
                TaskQueue = run.Start.TaskQueue.Clone(),
                StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
            });
            var started = Append(run, EventType.ActivityTaskStarted, e => e.ActivityTaskStartedEventAttributes = new()
            {
                ScheduledEventId = scheduled,
                Attempt = attempt,
                Identity = "hourglass-inmemory-worker",
                RequestId = Guid.NewGuid().ToString(),
            });
            Append(run, EventType.ActivityTaskFailed, e => e.ActivityTaskFailedEventAttributes = new()
            {
                Failure = failure.Clone(),
                ScheduledEventId = scheduled,
                StartedEventId = started,
                Identity = "hourglass-inmemory-worker",
                RetryState = RetryState.MaximumAttemptsReached,
            });
            return activityId;
        }
    }

    /// <summary>
    /// Sets an activity the run is waiting on (as describe reports it), replacing the one of the
    /// same type. Returns the activity id.
    /// </summary>
    public string SetPendingActivity(string @namespace, WorkflowExecution execution, string activityType, int attempt, Failure? lastFailure)
    {
        lock (_gate)
        {
            var run = FindOpen(@namespace, execution);
            var existing = run.PendingActivities.FirstOrDefault(p => p.ActivityType.Name == activityType);
            var activityId = existing?.ActivityId ?? (++run.ActivitySequence).ToString();
            if (existing is not null) run.PendingActivities.Remove(existing);
            var now = Now();
            run.PendingActivities.Add(new PendingActivityInfo
            {
                ActivityId = activityId,
                ActivityType = new ActivityType { Name = activityType },
                State = attempt > 1 ? PendingActivityState.Scheduled : PendingActivityState.Started,
                Attempt = attempt,
                MaximumAttempts = 0,
                ScheduledTime = now,
                LastStartedTime = now,
                LastFailure = lastFailure?.Clone(),
            });
            return activityId;
        }
    }

    /// <summary>The run <paramref name="execution"/> names as it is now (an empty run id: the latest run).</summary>
    public WorkflowExecution CurrentRun(string @namespace, WorkflowExecution execution)
    {
        lock (_gate) return Find(@namespace, execution).Execution();
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

    // A run with its WorkflowExecutionStarted event, not yet in _workflows; its first workflow task is
    // the caller's to schedule (signal-with-start records its signal in between).
    private Run CreateRun(StartWorkflowExecutionRequest request, string runId, string? firstRunId, string? continuedFrom)
    {
        var now = Now();
        var delay = request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero;
        var start = request.Clone();
        // Null values unset an attribute: the started event and the run keep the others (payload.FilterNilSearchAttributes).
        start.SearchAttributes = WithoutNilValues(request.SearchAttributes);
        var run = new Run(start, runId, firstRunId ?? runId, now, Timestamp.FromDateTimeOffset(now.ToDateTimeOffset() + delay));
        Append(run, EventType.WorkflowExecutionStarted, e => e.WorkflowExecutionStartedEventAttributes = new()
        {
            WorkflowId = request.WorkflowId,
            WorkflowType = request.WorkflowType.Clone(),
            TaskQueue = request.TaskQueue.Clone(),
            Input = request.Input?.Clone(),
            WorkflowExecutionTimeout = request.WorkflowExecutionTimeout?.Clone(),
            WorkflowRunTimeout = request.WorkflowRunTimeout?.Clone(),
            WorkflowTaskTimeout = request.WorkflowTaskTimeout?.Clone(),
            Identity = request.Identity,
            OriginalExecutionRunId = runId,
            FirstExecutionRunId = run.FirstRunId,
            ContinuedExecutionRunId = continuedFrom ?? "",
            Initiator = continuedFrom is null ? ContinueAsNewInitiator.Unspecified : ContinueAsNewInitiator.Workflow,
            RetryPolicy = request.RetryPolicy?.Clone(),
            Attempt = 1,
            Memo = request.Memo?.Clone(),
            SearchAttributes = start.SearchAttributes?.Clone(),
            Header = request.Header?.Clone(),
            FirstWorkflowTaskBackoff = request.WorkflowStartDelay?.Clone(),
        });
        RecordStarted(run);
        return run;
    }

    private void AddRun(Run run)
    {
        var key = (run.Namespace, run.WorkflowId);
        if (!_workflows.TryGetValue(key, out var runs)) _workflows[key] = runs = new List<Run>();
        runs.Add(run);
    }

    // The first workflow task, unless a start delay defers it (workflow_task_state_machine.go
    // GenerateFirstWorkflowTask): then it is scheduled when the delay has passed (FireStartDelay).
    private void ScheduleFirstWorkflowTask(Run run)
    {
        if (!run.PendingOnStartDelay) ScheduleWorkflowTask(run);
    }

    // The start delay's timer, on the engine's clock: once it has passed, the run gets its first
    // workflow task, timed when the timer fired. Every lookup of a run calls this first.
    private void FireStartDelay(Run run)
    {
        if (run.IsOpen && run.PendingOnStartDelay && _clock.GetUtcNow() >= run.ExecutionTime.ToDateTimeOffset())
            ScheduleWorkflowTask(run, run.ExecutionTime);
    }

    private long ScheduleWorkflowTask(Run run, Timestamp? at = null)
    {
        run.HadWorkflowTask = true;
        var scheduled = Append(run, EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = run.Start.TaskQueue.Clone(),
            StartToCloseTimeout = run.Start.WorkflowTaskTimeout?.Clone() ?? Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        }, at);
        run.WorkflowTaskScheduled = scheduled;
        return scheduled;
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

    // A worker's workflow task precedes every decision it makes (completing, failing, continuing):
    // write the started and completed events the server would, and return the completed event id.
    private long CompleteWorkflowTask(Run run)
    {
        var scheduled = run.WorkflowTaskScheduled ?? ScheduleWorkflowTask(run);
        var started = Append(run, EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = "hourglass-inmemory-worker",
            RequestId = Guid.NewGuid().ToString(),
        });
        run.WorkflowTaskScheduled = null;
        run.CompletedAnyWorkflowTask = true;
        return Append(run, EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = "hourglass-inmemory-worker",
        });
    }

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
        run.Events.Add(e);
        run.Changed();
        return e.EventId;
    }

    private void Close(Run run, EventType type, WorkflowExecutionStatus status, Action<HistoryEvent> setAttributes)
    {
        Append(run, type, setAttributes);
        run.Status = status;
        run.CloseTime = Now();
        run.PendingActivities.Clear();
        run.WorkflowTaskScheduled = null;
        AbortUpdates(run);
        RecordClosed(run);
    }

    private Timestamp Now() => Timestamp.FromDateTimeOffset(_clock.GetUtcNow());

    private Run Find(string @namespace, WorkflowExecution? execution)
    {
        RequireNamespace(@namespace);
        var workflowId = execution?.WorkflowId ?? "";
        var runId = execution?.RunId ?? "";
        if (_workflows.TryGetValue((@namespace, workflowId), out var runs))
        {
            var run = runId.Length == 0 ? runs[^1] : runs.FirstOrDefault(r => r.RunId == runId);
            if (run is not null)
            {
                FireStartDelay(run);
                return run;
            }
        }
        // The messages of common/persistence/execution_manager.go.
        throw Fail(StatusCode.NotFound,
            runId.Length == 0
                ? $"workflow not found for ID: {workflowId}"
                : $"workflow execution not found for workflow ID \"{workflowId}\" and run ID \"{runId}\"",
            NotFoundDetail());
    }

    // The current run of a workflow id, its start delay fired when due; null when the id was never used.
    private Run? Latest(string @namespace, string workflowId)
    {
        if (!_workflows.TryGetValue((@namespace, workflowId), out var runs)) return null;
        FireStartDelay(runs[^1]);
        return runs[^1];
    }

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
        return run.IsOpen ? run : throw Fail(StatusCode.NotFound, "workflow execution already completed", NotFoundDetail());
    }

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
        public Timestamp? CloseTime { get; set; }
        public WorkflowExecutionStatus Status { get; set; } = WorkflowExecutionStatus.Running;
        public bool IsOpen => Status == WorkflowExecutionStatus.Running;
        public List<HistoryEvent> Events { get; } = new();

        // Completed (outside the lock, continuations run elsewhere) when an event is appended or
        // the run closes; long polls wait on it.
        private TaskCompletionSource? _changed;

        public Task NextChange => (_changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Changed()
        {
            var changed = _changed;
            _changed = null;
            changed?.TrySetResult();
        }
        public List<PendingActivityInfo> PendingActivities { get; } = new();
        public HashSet<string> RequestIds { get; } = new(StringComparer.Ordinal);
        public long? WorkflowTaskScheduled { get; set; }
        public bool HadWorkflowTask { get; set; }
        // Still waiting out its start delay: no workflow task yet, and one is due later (IsWorkflowPendingOnWorkflowTaskBackoff).
        public bool PendingOnStartDelay => !HadWorkflowTask && ExecutionTime != StartTime;
        public int ActivitySequence { get; set; }
        public bool CompletedAnyWorkflowTask { get; set; }
        public Dictionary<string, UpdateRecord> Updates { get; } = new(StringComparer.Ordinal);
        public int BufferedQueries { get; set; }

        public WorkflowExecution Execution() => new() { WorkflowId = WorkflowId, RunId = RunId };
    }
}
