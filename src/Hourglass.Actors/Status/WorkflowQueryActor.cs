using Akka.Actor;
using Hourglass.Backends;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Telemetry;

namespace Hourglass.Status;

/// <summary>
/// Serves one <see cref="GetWorkflowStatus"/> on the backend resolved for the original sender:
/// describe (and the history when failures are asked for), decode. Never blocks; answers exactly
/// once, then stops. (Awaits and watches are served by <see cref="HistoryPolls"/>.) It measures the
/// query from its start to its answer; its backend calls are spans under the query's.
/// </summary>
internal sealed class WorkflowQueryActor : ReceiveActor, IWithTimers
{
    private const string StepTimer = "step";

    private readonly GetWorkflowStatus _request;
    private readonly IActorRef _replyTo;
    private IActorRef _backend;
    private readonly bool _builtInBackend;
    private readonly HourglassSettings _settings;
    private readonly BackendKind _kind;
    private readonly SpanParent? _trace;
    private OperationMeasure _measure;
    private SpanParent? _asParent;
    private WorkflowStatus? _status;
    private bool _answered;

    public WorkflowQueryActor(GetWorkflowStatus request, IActorRef replyTo, IActorRef backend, bool builtInBackend, HourglassSettings settings,
        BackendKind kind = BackendKind.Actor, SpanParent? trace = null)
    {
        _kind = kind;
        _trace = trace;
        _request = request;
        _replyTo = replyTo;
        _backend = backend;
        _builtInBackend = builtInBackend;
        _settings = settings;

        // Only the backend's answers count: anything else (sent here by mistake, or forged) is dropped.
        // By path: a backend made again after it stopped answers what was sent to the one before.
        Receive<WorkflowDescribed>(_ => FromBackend(), OnDescribed);
        Receive<HistoryFetched>(_ => FromBackend(), OnHistory);
        Receive<OperationFailed>(_ => FromBackend(), f => Finish(f.Error));
        Receive<StepTimedOut>(_ => Finish(new HourglassError(ErrorKind.Timeout,
            $"the backend did not answer within hourglass.query-timeout = {DurationText.Format(_settings.QueryTimeout)}")));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a query answering <paramref name="replyTo"/> (whose mock scripts, if any, serve its backend calls).</summary>
    public static Props Props(GetWorkflowStatus request, IActorRef replyTo, IActorRef backend, bool builtInBackend, HourglassSettings settings,
        BackendKind kind, SpanParent? trace) =>
        Akka.Actor.Props.Create(() => new WorkflowQueryActor(request, replyTo, backend, builtInBackend, settings, kind, trace)).WithDeploy(Deploy.Local);

    protected override void PreStart()
    {
        _measure = HourglassInstruments.Get(Context.System).Begin(nameof(GetWorkflowStatus), _kind, _trace?.Context ?? default);
        _measure.Leave();
        _asParent = SpanParent.Of(_measure) ?? _trace;
        Send(new DescribeWorkflow(_request.Handle));
    }

    private bool FromBackend()
    {
        if (!Sender.Path.Equals(_backend.Path)) return false;
        _backend = Sender;
        return true;
    }

    protected override void PostStop()
    {
        // Stopped from outside (a crash, the parent stopping): still answer, exactly once.
        Finish(HourglassError.Stopped(Context.System, "the status query stopped before it could answer"));
    }

    private void Send(IBackendOperation operation)
    {
        _backend.Tell(_builtInBackend ? new OnBehalfOf(_replyTo, operation) { Trace = _asParent } : operation, Self);
        Timers.StartSingleTimer(StepTimer, StepTimedOut.Instance, _settings.QueryTimeout);
    }

    private void OnDescribed(WorkflowDescribed described)
    {
        Timers.Cancel(StepTimer);
        var status = Decode(() => WorkflowStatusDecoder.Decode(_request.Handle, described.Response, null, _settings.MaxRecentFailures));
        if (status is null) return;
        _status = status;
        // Pin the run described, so the history read is of the same run even if a new one starts.
        if (_request.IncludeFailures) Send(new FetchHistory(status.Handle));
        else Finish(status);
    }

    private void OnHistory(HistoryFetched fetched)
    {
        Timers.Cancel(StepTimer);
        var failures = Decode(() => WorkflowStatusDecoder.RecentFailures(fetched.History, _settings.MaxRecentFailures));
        if (failures is not null) Finish(_status! with { RecentFailures = failures });
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
        var answer = reply is HourglassError error ? new OperationFailed(_request, error) : reply;
        _measure.End(answer);
        _replyTo.Tell(answer, Context.Parent);
        Context.Stop(Self);
    }

    private sealed class StepTimedOut : INoSerializationVerificationNeeded
    {
        public static readonly StepTimedOut Instance = new();
    }
}
