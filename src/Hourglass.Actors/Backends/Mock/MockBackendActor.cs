using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Status;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Exceptions;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The in-process backend. By default it serves operations from an <see cref="InMemoryTemporal"/>
/// through the same WorkflowService requests the real backend sends; a sender that has scripted it
/// (<see cref="MockScript"/>) gets its scripted answers instead, and UnexpectedCall for anything
/// its script does not cover.
/// </summary>
public sealed class MockBackendActor : BackendActorBase
{
    /// <summary>The identity the mock records on the requests it makes.</summary>
    public const string Identity = "hourglass-mock";

    private static readonly HashSet<Type> BackendOperations =
    [
        typeof(StartWorkflow), typeof(DescribeWorkflow), typeof(FetchHistory),
        typeof(SignalWorkflow), typeof(CancelWorkflow), typeof(EnsureNamespace),
    ];

    private readonly InMemoryTemporal _temporal;
    private readonly MockScripts _scripts;
    private readonly HourglassSettings _settings;

    /// <summary>Creates the mock backend; use <see cref="Props"/>.</summary>
    public MockBackendActor(MockBackendState state, HourglassSettings settings)
    {
        _temporal = state.Temporal;
        _scripts = state.Scripts;
        _settings = settings;

        Receive<MockExpectation>(HandleScript);
        Receive<VerifyMock>(_ => Sender.Tell(_scripts.Verify(Sender)));
        Receive<ResetMock>(_ => Reset(Sender));
        Receive<IMockControl>(HandleControl);
        Receive<Terminated>(t => _scripts.Forget(t.ActorRef));
    }

    /// <summary>
    /// Props for a mock backend over <paramref name="temporal"/>. The Temporal and the scripts live
    /// outside the actor, so they survive its restarts.
    /// </summary>
    public static Props Props(HourglassSettings settings, InMemoryTemporal? temporal = null)
    {
        var state = new MockBackendState(temporal ?? new InMemoryTemporal(settings.MockNamespaces));
        return Akka.Actor.Props.Create(() => new MockBackendActor(state, settings));
    }

    /// <inheritdoc />
    protected override void Serve(IHourglassOperation operation, IActorRef replyTo, IActorRef owner)
    {
        var ticket = Hold(operation, replyTo);
        if (_scripts.IsScripted(owner))
        {
            var covered = _scripts.Take(owner, operation);
            if (covered is null)
            {
                Answer(ticket, new HourglassError(ErrorKind.UnexpectedCall,
                    $"no expectation or stub covers {operation.GetType().Name} for {owner.Path}", operation.ToString()));
                return;
            }
            if (covered.Responder is { } responder)
            {
                // A responder that throws crashes this actor on purpose: supervision restarts it
                // and the held request is answered BackendFailed.
                Answer(ticket, responder(operation));
                return;
            }
        }
        Answer(ticket, ServeInMemory(operation));
    }

    private object ServeInMemory(IHourglassOperation operation)
    {
        try
        {
            return operation switch
            {
                StartWorkflow start => Start(start),
                DescribeWorkflow describe => new WorkflowDescribed(describe.Handle,
                    _temporal.DescribeWorkflowExecution(TemporalRequests.Describe(describe.Handle))),
                FetchHistory fetch => new HistoryFetched(fetch.Handle, ReadHistory(fetch.Handle)),
                SignalWorkflow signal => Signal(signal),
                CancelWorkflow cancel => Cancel(cancel),
                EnsureNamespace ensure => Ensure(ensure),
                _ => HourglassError.BackendFailed($"the mock does not serve {operation.GetType().Name}"),
            };
        }
        catch (RpcException e)
        {
            return TemporalErrors.Classify(e);
        }
    }

    private WorkflowStarted Start(StartWorkflow start)
    {
        var response = _temporal.StartWorkflowExecution(TemporalRequests.Start(start, Identity));
        return new WorkflowStarted(new WorkflowHandle(start.Namespace!, start.WorkflowId, response.RunId));
    }

    private WorkflowSignaled Signal(SignalWorkflow signal)
    {
        _temporal.SignalWorkflowExecution(TemporalRequests.Signal(signal, Identity));
        return new WorkflowSignaled(signal.Handle, signal.SignalName);
    }

    private CancelRequested Cancel(CancelWorkflow cancel)
    {
        _temporal.RequestCancelWorkflowExecution(TemporalRequests.Cancel(cancel, Identity));
        return new CancelRequested(cancel.Handle);
    }

    private NamespaceEnsured Ensure(EnsureNamespace ensure)
    {
        if (_temporal.HasNamespace(ensure.Name)) return new NamespaceEnsured(ensure.Name, Created: false);
        try
        {
            _temporal.RegisterNamespace(TemporalRequests.RegisterNamespace(ensure.Name, ensure.Retention ?? TimeSpan.FromDays(3)));
            return new NamespaceEnsured(ensure.Name, Created: true);
        }
        catch (RpcException e) when (TemporalErrors.IsNamespaceAlreadyExists(e))
        {
            return new NamespaceEnsured(ensure.Name, Created: false);
        }
    }

    private History ReadHistory(WorkflowHandle handle)
    {
        var history = new History();
        Google.Protobuf.ByteString? token = null;
        do
        {
            var page = _temporal.GetWorkflowExecutionHistory(TemporalRequests.History(handle, token));
            history.Events.AddRange(page.History.Events);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        return history;
    }

    private void HandleScript(MockExpectation line)
    {
        if (!BackendOperations.Contains(line.OperationType))
        {
            Sender.Tell(new OperationFailed(line, HourglassError.InvalidArgument(
                $"{line.OperationType.Name} cannot be scripted; script the backend operations " +
                "(status and await are built on DescribeWorkflow and FetchHistory)")));
            return;
        }
        if (_scripts.Add(Sender, line)) Context.Watch(Sender);
        Sender.Tell(new MockScriptAccepted(line.ToString()));
    }

    private void Reset(IActorRef owner)
    {
        if (_scripts.Forget(owner)) Context.Unwatch(owner);
        owner.Tell(new MockScriptAccepted("reset"));
    }

    private void HandleControl(IMockControl control)
    {
        var ns = control.Handle.Namespace.Length == 0 ? _settings.DefaultNamespace : control.Handle.Namespace;
        var execution = TemporalRequests.Execution(control.Handle);
        try
        {
            var affected = control switch
            {
                CompleteWorkflow c => _temporal.CompleteWorkflow(ns, execution, HourglassPayload.ToPayloads(c.Result is null ? null : [c.Result])),
                FailWorkflow f => _temporal.FailWorkflow(ns, execution, f.Failure),
                TerminateWorkflow t => Terminate(ns, execution, t.Reason),
                TimeOutWorkflow => _temporal.TimeOutWorkflow(ns, execution),
                ContinueAsNew c => _temporal.ContinueAsNew(ns, execution, HourglassPayload.ToPayloads(c.Args)),
                FailActivity a => ThenResolve(ns, execution, () => _temporal.RecordActivityFailure(ns, execution, a.ActivityType, a.Attempt, a.Failure)),
                SetPendingActivity p => ThenResolve(ns, execution, () => _temporal.SetPendingActivity(ns, execution, p.ActivityType, p.Attempt, p.LastFailure)),
                _ => throw new ArgumentException($"unknown mock control {control.GetType().Name}"),
            };
            Sender.Tell(new MockWorkflowUpdated(new WorkflowHandle(ns, affected.WorkflowId, affected.RunId)));
        }
        catch (RpcException e)
        {
            Sender.Tell(new OperationFailed(control, TemporalErrors.Classify(e)));
        }
    }

    private WorkflowExecution Terminate(string ns, WorkflowExecution execution, string reason)
    {
        _temporal.TerminateWorkflowExecution(new() { Namespace = ns, WorkflowExecution = execution, Reason = reason, Identity = Identity });
        return Resolve(ns, execution);
    }

    // Activity controls act on the run as it is now; report that run's id.
    private WorkflowExecution ThenResolve(string ns, WorkflowExecution execution, Action act)
    {
        act();
        return Resolve(ns, execution);
    }

    private WorkflowExecution Resolve(string ns, WorkflowExecution execution) =>
        _temporal.DescribeWorkflowExecution(new() { Namespace = ns, Execution = execution }).WorkflowExecutionInfo.Execution;
}
