using Akka.Actor;
using Hourglass.Backends;
using Hourglass.Configuration;
using Hourglass.Protocol;

namespace Hourglass.Status;

/// <summary>
/// Serves one <see cref="GetWorkflowStatus"/> or <see cref="AwaitWorkflow"/> on the backend
/// resolved for the original sender: describe (and history when needed), decode, and for an
/// await poll on timers until the workflow closes or the deadline passes. Never blocks; answers
/// exactly once, then stops.
/// </summary>
internal sealed class WorkflowQueryActor : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";
    private const string StepTimer = "step";
    private const string DeadlineTimer = "deadline";

    private readonly IWorkflowQuery _request;
    private readonly IActorRef _replyTo;
    private readonly IActorRef _backend;
    private readonly bool _builtInBackend;
    private readonly HourglassSettings _settings;
    private readonly WorkflowHandle _handle;
    private WorkflowStatus? _lastStatus;
    private HourglassError? _lastError;
    private bool _answered;

    public WorkflowQueryActor(IWorkflowQuery request, IActorRef replyTo, IActorRef backend, bool builtInBackend, HourglassSettings settings)
    {
        _request = request;
        _replyTo = replyTo;
        _backend = backend;
        _builtInBackend = builtInBackend;
        _settings = settings;
        _handle = request switch
        {
            GetWorkflowStatus g => g.Handle,
            AwaitWorkflow a => a.Handle,
            _ => throw new ArgumentException($"not a query: {request.GetType().Name}", nameof(request)),
        };

        Receive<WorkflowDescribed>(OnDescribed);
        Receive<HistoryFetched>(OnHistory);
        Receive<OperationFailed>(f => OnFailed(f.Error));
        Receive<Poll>(_ => Describe());
        Receive<StepTimedOut>(_ => OnFailed(new HourglassError(ErrorKind.Timeout,
            $"the backend did not answer within hourglass.query-timeout = {_settings.QueryTimeout}")));
        Receive<DeadlinePassed>(_ => OnDeadline());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a query answering <paramref name="replyTo"/> (whose mock scripts, if any, serve its backend calls).</summary>
    public static Props Props(IWorkflowQuery request, IActorRef replyTo, IActorRef backend, bool builtInBackend, HourglassSettings settings) =>
        Akka.Actor.Props.Create(() => new WorkflowQueryActor(request, replyTo, backend, builtInBackend, settings)).WithDeploy(Deploy.Local);

    private bool IsAwait => _request is AwaitWorkflow;

    protected override void PreStart()
    {
        if (_request is AwaitWorkflow { Timeout: { } timeout })
            Timers.StartSingleTimer(DeadlineTimer, DeadlinePassed.Instance, timeout);
        Describe();
    }

    protected override void PostStop()
    {
        // Stopped from outside (a crash, the parent stopping): still answer, exactly once.
        Finish(HourglassError.BackendFailed($"the {(IsAwait ? "await" : "status query")} stopped before it could answer"));
    }

    private void Describe() => Send(new DescribeWorkflow(_handle));

    private void Send(IBackendOperation operation)
    {
        _backend.Tell(_builtInBackend ? new OnBehalfOf(_replyTo, operation) : operation, Self);
        Timers.StartSingleTimer(StepTimer, StepTimedOut.Instance, _settings.QueryTimeout);
    }

    private void OnDescribed(WorkflowDescribed described)
    {
        Timers.Cancel(StepTimer);
        var status = Decode(() => WorkflowStatusDecoder.Decode(_handle, described.Response, null, _settings.MaxRecentFailures));
        if (status is null) return;
        _lastStatus = status;

        switch (_request)
        {
            case GetWorkflowStatus { IncludeFailures: true }:
            case AwaitWorkflow when status.State is WorkflowState.Completed or WorkflowState.Failed:
                // Pin the run described, so the history read is of the same run even if a new one starts.
                Send(new FetchHistory(status.Handle));
                break;
            case GetWorkflowStatus:
                Finish(status);
                break;
            case AwaitWorkflow when status.IsClosed:
                Finish(WorkflowStatusDecoder.Closed(status, null));
                break;
            case AwaitWorkflow await:
                Timers.StartSingleTimer(PollTimer, Poll.Instance, await.PollInterval!.Value);
                break;
        }
    }

    private void OnHistory(HistoryFetched fetched)
    {
        Timers.Cancel(StepTimer);
        var status = _lastStatus!;
        if (_request is GetWorkflowStatus)
        {
            var failures = Decode(() => WorkflowStatusDecoder.RecentFailures(fetched.History, _settings.MaxRecentFailures));
            if (failures is not null) Finish(status with { RecentFailures = failures });
            return;
        }

        var closed = Decode(() => WorkflowStatusDecoder.Closed(status, fetched.History));
        if (closed is not null) Finish(closed);
    }

    private void OnFailed(HourglassError error)
    {
        Timers.Cancel(StepTimer);
        _lastError = error;
        if (IsAwait && IsTransient(error.Kind))
        {
            // Keep polling through passing trouble; the deadline decides.
            Timers.StartSingleTimer(PollTimer, Poll.Instance, ((AwaitWorkflow)_request).PollInterval!.Value);
            return;
        }
        Finish(error);
    }

    private void OnDeadline()
    {
        var awaited = (AwaitWorkflow)_request;
        var message = _lastStatus is { } last
            ? $"workflow {last.Handle} is still {last.State} after {awaited.Timeout}"
            : $"workflow {_handle} could not be read within {awaited.Timeout}";
        Finish(new HourglassError(ErrorKind.Timeout, message, _lastError?.ToString()) { LastStatus = _lastStatus });
    }

    private T? Decode<T>(Func<T> decode) where T : class
    {
        try
        {
            return decode();
        }
        catch (Exception e)
        {
            Finish(HourglassError.BackendFailed("the backend's answer could not be decoded", e.Message));
            return null;
        }
    }

    private void Finish(object reply)
    {
        if (_answered) return;
        _answered = true;
        _replyTo.Tell(reply is HourglassError error ? new OperationFailed(_request, error) : reply, Context.Parent);
        Context.Stop(Self);
    }

    private static bool IsTransient(ErrorKind kind) =>
        kind is ErrorKind.Unreachable or ErrorKind.Overloaded or ErrorKind.Timeout or ErrorKind.BackendFailed or ErrorKind.Rpc;

    private sealed class Poll : INoSerializationVerificationNeeded
    {
        public static readonly Poll Instance = new();
    }

    private sealed class StepTimedOut : INoSerializationVerificationNeeded
    {
        public static readonly StepTimedOut Instance = new();
    }

    private sealed class DeadlinePassed : INoSerializationVerificationNeeded
    {
        public static readonly DeadlinePassed Instance = new();
    }
}
