using Akka.Actor;
using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Chaos;

/// <summary>
/// Makes the mixed operations of a phase: starts (each of a new workflow, with its request id),
/// signal-with-starts (each of a new workflow too), signals, describes, statuses, awaits, history
/// reads, cancels, terminates, queries and updates (their handlers set by the worker), lists and
/// counts, and the worker's completions. Every other operation targets a workflow started before
/// (or about to be). Half go to the router's first reference — dead once the router has been made
/// again, so they pass through dead letters — and half to its path.
/// </summary>
/// <remarks>
/// Every signal carries a token of its own (<see cref="SignalToken"/>) as its input, so the server
/// checks can tell a signal recorded twice from two signals. Workflows made by signal-with-start are
/// never closed by the run (no cancel, terminate or completion targets them): the server would
/// rightly start a second run for a retried signal-with-start that finds its first run closed, which
/// is Temporal's behaviour, not a duplicate made by Hourglass.
/// </remarks>
internal sealed class Workload(string phase, Random random, IActorRef firstRouter, ActorSelection routerPath, Worker worker)
{
    public const string Namespace = "default";
    public const string QueryType = "progress";
    public const string UpdateName = "bump";
    public const string SignalName = "poke";

    private static readonly (string Name, int Weight)[] Mix =
    [
        ("start", 15), ("signal-with-start", 4), ("signal", 14), ("describe", 10), ("status", 9), ("await", 8),
        ("history", 3), ("cancel", 5), ("terminate", 4), ("query", 9), ("update", 7), ("list", 3), ("count", 2),
        ("complete", 9),
    ];

    private static readonly int TotalWeight = Mix.Sum(m => m.Weight);

    private readonly List<string> _workflows = new();
    private readonly List<string> _closable = new();
    private readonly Queue<(string Name, object Request)> _follow = new();
    private int _started;
    private int _signals;

    /// <summary>The workflow ids whose start (or signal-with-start) was sent, in order.</summary>
    public IReadOnlyList<string> Workflows => _workflows;

    /// <summary>The tokens of the signals sent (signal-with-starts included).</summary>
    public int SignalsSent => _signals;

    /// <summary>The prefix every signal token of this phase has.</summary>
    public string SignalTokenPrefix => $"{phase}-signal-";

    public Op Next(int index)
    {
        var (name, request) = _follow.Count > 0 ? _follow.Dequeue() : Make();
        ICanTell target = random.Next(2) == 0 ? firstRouter : routerPath;
        return new Op(index, name, request, target);
    }

    private (string, object) Make()
    {
        if (_workflows.Count == 0) return Start();
        var pick = random.Next(TotalWeight);
        var name = Mix.First(m => (pick -= m.Weight) < 0).Name;
        var handle = WorkflowHandle.Latest(_workflows[random.Next(_workflows.Count)]);
        var closable = WorkflowHandle.Latest(_closable.Count > 0 ? _closable[random.Next(_closable.Count)] : handle.WorkflowId);
        return name switch
        {
            "start" => Start(),
            "signal-with-start" => SignalWithStart(),
            "signal" => ("signal", new SignalWorkflow(handle, SignalName, SignalToken())),
            "describe" => ("describe", new DescribeWorkflow(handle)),
            "status" => ("status", new GetWorkflowStatus(handle, IncludeFailures: random.Next(4) == 0)),
            "await" => ("await", new AwaitWorkflow(closable, TimeSpan.FromMilliseconds(300 + random.Next(1500)), TimeSpan.FromMilliseconds(100))),
            "history" => ("history", new FetchHistory(handle)),
            "cancel" => ("cancel", new CancelWorkflow(closable, "chaos")),
            "terminate" => ("terminate", new TerminateWorkflow(closable, "chaos")),
            "query" => ("query", new QueryWorkflow(handle, QueryType)),
            "update" => ("update", new UpdateWorkflow(handle, UpdateName, random.Next(10))),
            "list" => ("list", new ListWorkflows(Namespace, random.Next(2) == 0 ? "" : "ExecutionStatus = 'Running'") { PageSize = 20 }),
            "count" => ("count", new CountWorkflows(Namespace, random.Next(2) == 0 ? "" : "ExecutionStatus = 'Running'")),
            _ => Complete(closable),
        };
    }

    private string SignalToken() => $"{SignalTokenPrefix}{++_signals}";

    private string NewWorkflow(bool closable)
    {
        var id = $"{phase}-{++_started}";
        _workflows.Add(id);
        if (closable) _closable.Add(id);
        foreach (var control in worker.Handlers(id)) _follow.Enqueue(("worker", control));
        return id;
    }

    private (string, object) Start()
    {
        var id = NewWorkflow(closable: true);
        return ("start", new StartWorkflow("ChaosWorkflow", id, _started) { TaskQueue = "chaos" });
    }

    private (string, object) SignalWithStart()
    {
        var id = NewWorkflow(closable: false);
        var start = new StartWorkflow("ChaosWorkflow", id, _started) { TaskQueue = "chaos" };
        return ("signal-with-start", new SignalWithStartWorkflow(start, SignalName, SignalToken()));
    }

    private (string, object) Complete(WorkflowHandle handle) =>
        worker.Complete(handle) is { } control ? ("worker", control) : ("describe", new DescribeWorkflow(handle));
}

/// <summary>
/// Plays the workflows' worker: answers queries and updates, and now and then closes a workflow —
/// completes it, or honours a cancellation (a cancel request leaves a run running until its worker
/// does). On the real backend it acts on the fake server's engine directly; on the mock, through the
/// router's mock controls — which are requests too, answered exactly once like the rest.
/// </summary>
internal abstract class Worker(Random random)
{
    /// <summary>Mock controls to send after a start, or none when the worker acts directly.</summary>
    public abstract IEnumerable<object> Handlers(string workflowId);

    /// <summary>Closes the workflow: a control to send, or null when done directly.</summary>
    public abstract object? Complete(WorkflowHandle handle);

    /// <summary>True to honour a cancellation, false to complete (one time in three, two in three).</summary>
    protected bool Honour() => random.Next(3) == 0;

    public sealed class OnServer(FakeTemporalServer server, Random random) : Worker(random)
    {
        public override IEnumerable<object> Handlers(string workflowId)
        {
            server.Temporal.SetQueryHandler(Workload.Namespace, workflowId, Workload.QueryType, _ => QueryAnswer.Of(75));
            server.Temporal.SetUpdateHandler(Workload.Namespace, workflowId, Workload.UpdateName, _ => UpdateAnswer.Complete(1));
            return [];
        }

        public override object? Complete(WorkflowHandle handle)
        {
            try
            {
                var execution = new WorkflowExecution { WorkflowId = handle.WorkflowId };
                if (Honour()) server.Temporal.HonourCancel(Workload.Namespace, execution, null);
                else server.Temporal.CompleteWorkflow(Workload.Namespace, execution, null);
            }
            catch (Temporalio.Exceptions.RpcException)
            {
                // Not started yet, or closed already.
            }
            return null;
        }
    }

    public sealed class ThroughControls(Random random) : Worker(random)
    {
        public override IEnumerable<object> Handlers(string workflowId)
        {
            var handle = WorkflowHandle.Latest(workflowId);
            yield return new HandleQuery(handle, Workload.QueryType, _ => QueryAnswer.Of(75));
            yield return new HandleUpdate(handle, Workload.UpdateName, _ => UpdateAnswer.Complete(1));
        }

        public override object? Complete(WorkflowHandle handle) =>
            Honour() ? new HonourCancel(handle, (object?)null) : new CompleteWorkflow(handle, (object?)"done");
    }
}
