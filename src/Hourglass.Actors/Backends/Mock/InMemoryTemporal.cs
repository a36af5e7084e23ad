using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
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

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, DescribeNamespaceResponse> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string WorkflowId), List<Run>> _workflows = new();
    private long _taskId;

    /// <summary>Creates an empty Temporal with the given namespaces registered.</summary>
    /// <param name="namespaces">Namespaces that exist from the start (the dev server's "default", say).</param>
    /// <param name="clock">The clock for event times; the system clock when null.</param>
    public InMemoryTemporal(IEnumerable<string>? namespaces = null, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        foreach (var name in namespaces ?? ["default"])
            AddNamespace(name, "", TimeSpan.FromDays(3));
    }

    /// <summary>History events per page when the request does not ask for a page size.</summary>
    public int HistoryPageSize { get; set; } = 256;

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
    /// reuse policy and the id conflict policy.
    /// </summary>
    public StartWorkflowExecutionResponse StartWorkflowExecution(StartWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            RequireNamespace(request.Namespace);
            var key = (request.Namespace, request.WorkflowId);
            var runs = _workflows.GetValueOrDefault(key);
            var latest = runs?[^1];

            if (latest is not null && request.RequestId.Length > 0 && latest.StartRequestId == request.RequestId)
                return Started(latest, started: true);

            if (latest is { IsOpen: true })
            {
                switch (request.WorkflowIdConflictPolicy)
                {
                    case WorkflowIdConflictPolicy.UseExisting:
                        return Started(latest, started: false);
                    case WorkflowIdConflictPolicy.TerminateExisting:
                        Close(latest, EventType.WorkflowExecutionTerminated, WorkflowExecutionStatus.Terminated, e =>
                            e.WorkflowExecutionTerminatedEventAttributes = new()
                            {
                                Reason = "terminated by a start with conflict policy TerminateExisting",
                                Identity = request.Identity,
                            });
                        break;
                    default:
#pragma warning disable CS0612 // deprecated in favour of the conflict policy, still sent by older clients
                        if (request.WorkflowIdReusePolicy == WorkflowIdReusePolicy.TerminateIfRunning)
#pragma warning restore CS0612
                        {
                            Close(latest, EventType.WorkflowExecutionTerminated, WorkflowExecutionStatus.Terminated, e =>
                                e.WorkflowExecutionTerminatedEventAttributes = new()
                                {
                                    Reason = "terminated by a start with id reuse policy TerminateIfRunning",
                                    Identity = request.Identity,
                                });
                            break;
                        }
                        throw AlreadyStarted(latest,
                            $"Workflow execution is already running. WorkflowId: {latest.WorkflowId}, RunId: {latest.RunId}.");
                }
            }
            else if (latest is not null)
            {
                var refused = request.WorkflowIdReusePolicy switch
                {
                    WorkflowIdReusePolicy.RejectDuplicate => true,
                    WorkflowIdReusePolicy.AllowDuplicateFailedOnly => latest.Status == WorkflowExecutionStatus.Completed,
                    _ => false,
                };
                if (refused)
                    throw AlreadyStarted(latest,
                        $"Workflow execution already finished and WorkflowIdReusePolicy is {request.WorkflowIdReusePolicy}. " +
                        $"WorkflowId: {latest.WorkflowId}, RunId: {latest.RunId}.");
            }

            var run = NewRun(request, firstRunId: null, continuedFrom: null);
            if (runs is null) _workflows[key] = runs = new List<Run>();
            runs.Add(run);
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
                Memo = run.Start.Memo?.Clone(),
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

    /// <summary>
    /// Returns one page of a run's history; <c>NextPageToken</c> is empty on the last page.
    /// Long polling (<c>WaitNewEvent</c>) is not supported: the call never waits.
    /// </summary>
    public GetWorkflowExecutionHistoryResponse GetWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request)
    {
        lock (_gate)
        {
            var run = Find(request.Namespace, request.Execution);
            var start = 0;
            if (!request.NextPageToken.IsEmpty)
            {
                var token = request.NextPageToken.ToStringUtf8().Split('/');
                if (token.Length != 2 || token[0] != run.RunId || !int.TryParse(token[1], out start) || start < 0 || start > run.Events.Count)
                    throw Fail(StatusCode.InvalidArgument, "Invalid NextPageToken.", null);
            }

            var size = request.MaximumPageSize > 0 ? Math.Min(request.MaximumPageSize, HistoryPageSize) : HistoryPageSize;
            var page = run.Events.Skip(start).Take(size).Select(e => e.Clone()).ToList();
            var next = start + page.Count;
            var response = new GetWorkflowExecutionHistoryResponse
            {
                History = new History(),
                NextPageToken = next < run.Events.Count ? ByteString.CopyFromUtf8($"{run.RunId}/{next}") : ByteString.Empty,
            };
            response.History.Events.AddRange(page);
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
            {
                Append(run, EventType.WorkflowExecutionSignaled, e => e.WorkflowExecutionSignaledEventAttributes = new()
                {
                    SignalName = request.SignalName,
                    Input = request.Input?.Clone(),
                    Identity = request.Identity,
                    Header = request.Header?.Clone(),
                    RequestId = request.RequestId,
                });
            }
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

    /// <summary>Terminates an open run; NotFound for a missing or closed run.</summary>
    public TerminateWorkflowExecutionResponse TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request)
    {
        lock (_gate)
        {
            var run = FindOpen(request.Namespace, request.WorkflowExecution);
            Close(run, EventType.WorkflowExecutionTerminated, WorkflowExecutionStatus.Terminated, e =>
                e.WorkflowExecutionTerminatedEventAttributes = new()
                {
                    Reason = request.Reason,
                    Details = request.Details?.Clone(),
                    Identity = request.Identity,
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
            var successor = NewRun(next, run.FirstRunId, run.RunId);
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

    private Run NewRun(StartWorkflowExecutionRequest request, string? firstRunId, string? continuedFrom)
    {
        var runId = Guid.NewGuid().ToString();
        var now = Now();
        var delay = request.WorkflowStartDelay?.ToTimeSpan() ?? TimeSpan.Zero;
        var run = new Run(request.Clone(), runId, firstRunId ?? runId, now, Timestamp.FromDateTimeOffset(now.ToDateTimeOffset() + delay));
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
            Header = request.Header?.Clone(),
            FirstWorkflowTaskBackoff = request.WorkflowStartDelay?.Clone(),
        });
        run.WorkflowTaskScheduled = Append(run, EventType.WorkflowTaskScheduled, e => e.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = request.TaskQueue.Clone(),
            StartToCloseTimeout = request.WorkflowTaskTimeout?.Clone() ?? Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        RecordStarted(run);
        return run;
    }

    // A worker's workflow task precedes every decision it makes (completing, failing, continuing):
    // write the started and completed events the server would, and return the completed event id.
    private long CompleteWorkflowTask(Run run)
    {
        var scheduled = run.WorkflowTaskScheduled ?? Append(run, EventType.WorkflowTaskScheduled, e =>
            e.WorkflowTaskScheduledEventAttributes = new() { TaskQueue = run.Start.TaskQueue.Clone(), Attempt = 1 });
        var started = Append(run, EventType.WorkflowTaskStarted, e => e.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = "hourglass-inmemory-worker",
            RequestId = Guid.NewGuid().ToString(),
        });
        run.WorkflowTaskScheduled = null;
        return Append(run, EventType.WorkflowTaskCompleted, e => e.WorkflowTaskCompletedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            StartedEventId = started,
            Identity = "hourglass-inmemory-worker",
        });
    }

    private long Append(Run run, EventType type, Action<HistoryEvent> setAttributes)
    {
        var e = new HistoryEvent
        {
            EventId = run.Events.Count + 1,
            EventTime = Now(),
            EventType = type,
            TaskId = ++_taskId,
            Version = 0,
        };
        setAttributes(e);
        run.Events.Add(e);
        return e.EventId;
    }

    private void Close(Run run, EventType type, WorkflowExecutionStatus status, Action<HistoryEvent> setAttributes)
    {
        Append(run, type, setAttributes);
        run.Status = status;
        run.CloseTime = Now();
        run.PendingActivities.Clear();
        run.WorkflowTaskScheduled = null;
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
            if (run is not null) return run;
        }
        throw Fail(StatusCode.NotFound,
            runId.Length == 0 ? $"workflow not found for ID: {workflowId}" : $"workflow not found for ID: {workflowId}, RunId: {runId}",
            NotFoundDetail());
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
        public List<PendingActivityInfo> PendingActivities { get; } = new();
        public HashSet<string> RequestIds { get; } = new(StringComparer.Ordinal);
        public long? WorkflowTaskScheduled { get; set; }
        public int ActivitySequence { get; set; }

        public WorkflowExecution Execution() => new() { WorkflowId = WorkflowId, RunId = RunId };
    }
}
