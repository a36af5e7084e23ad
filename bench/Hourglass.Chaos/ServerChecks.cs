using System.Text.Json;
using Akka.Actor;
using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Chaos;

/// <summary>
/// What the server holds after the run, read once the chaos has stopped:
/// <list type="bullet">
/// <item>No workflow id with more than one run: each was started once (by a start or a
/// signal-with-start with its own request id), so a second run is a start that a retry or a
/// hand-on repeated without deduplication.</item>
/// <item>No signal token (each signal's own input) on more than one WorkflowExecutionSignaled event,
/// and no signal request id on more than one.</item>
/// <item>On the fake frontend, from its record of the calls it received: every start,
/// signal-with-start and signal reached it under one request id however often it was sent (a retry
/// or a hand-on under a new id would be a duplicate on a server that had forgotten the first).</item>
/// <item>What was answered as done was done: a WorkflowStarted names the run the server holds, a
/// WorkflowSignaled's token is in that workflow's history.</item>
/// </list>
/// </summary>
internal sealed record ServerChecks(
    int Started, int Workflows, int Runs, int DuplicateStarts, int Signals, int DuplicateSignals,
    int RequestIdsChanged, int AnsweredNotDone, int RecordedCalls, IReadOnlyList<string> Samples)
{
    public bool Clean => DuplicateStarts == 0 && DuplicateSignals == 0 && RequestIdsChanged == 0 && AnsweredNotDone == 0;

    /// <summary>Reads the fake server's engine directly, and its record of the calls.</summary>
    public static ServerChecks OfServer(FakeTemporalServer server, Workload workload, IReadOnlyList<Op> ops)
    {
        var engine = server.Temporal;
        var runs = new List<(string WorkflowId, string RunId)>();
        var token = ByteString.Empty;
        do
        {
            var page = engine.ListWorkflowExecutions(new ListWorkflowExecutionsRequest { Namespace = Workload.Namespace, PageSize = 1000, NextPageToken = token });
            runs.AddRange(page.Executions.Select(e => (e.Execution.WorkflowId, e.Execution.RunId)));
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        var checks = Check(runs, run => History(engine, run), workload, ops);
        var (changed, samples) = RecordedRequestIds(server.Requests);
        return checks with
        {
            RequestIdsChanged = changed,
            RecordedCalls = server.Requests.Count,
            Samples = checks.Samples.Concat(samples).Take(20).ToArray(),
        };
    }

    /// <summary>Reads the backend through the router (the mock's engine is inside it).</summary>
    public static async Task<ServerChecks> ThroughRouterAsync(IActorRef router, Workload workload, IReadOnlyList<Op> ops)
    {
        var runs = new List<(string WorkflowId, string RunId)>();
        var token = ByteString.Empty;
        do
        {
            var page = await router.Ask<WorkflowsListed>(new ListWorkflows(Workload.Namespace, "") { PageSize = 1000, NextPageToken = token }, TimeSpan.FromSeconds(30));
            runs.AddRange(page.Executions.Select(e => (e.Execution.WorkflowId, e.Execution.RunId)));
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        var histories = new Dictionary<(string, string), IReadOnlyList<HistoryEvent>>();
        foreach (var chunk in runs.Chunk(64))
        {
            var fetched = await Task.WhenAll(chunk.Select(run =>
                router.Ask<HistoryFetched>(new FetchHistory(new WorkflowHandle(Workload.Namespace, run.WorkflowId, run.RunId)), TimeSpan.FromSeconds(30))));
            foreach (var (run, history) in chunk.Zip(fetched)) histories[run] = history.History.Events;
        }
        return Check(runs, run => histories[run], workload, ops);
    }

    private static IReadOnlyList<HistoryEvent> History(InMemoryTemporal engine, (string WorkflowId, string RunId) run)
    {
        var events = new List<HistoryEvent>();
        var token = ByteString.Empty;
        do
        {
            var page = engine.GetWorkflowExecutionHistory(new GetWorkflowExecutionHistoryRequest
            {
                Namespace = Workload.Namespace,
                Execution = new() { WorkflowId = run.WorkflowId, RunId = run.RunId },
                NextPageToken = token,
            });
            events.AddRange(page.History.Events);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        return events;
    }

    /// <summary>The signal token a signal's input carries ("" when it carries none).</summary>
    public static string TokenOf(Temporalio.Api.Common.V1.Payloads? input)
    {
        if (input is null || input.Payloads_.Count == 0) return "";
        try
        {
            return JsonSerializer.Deserialize<string>(input.Payloads_[0].Data.Span) ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static ServerChecks Check(
        List<(string WorkflowId, string RunId)> runs, Func<(string, string), IReadOnlyList<HistoryEvent>> history, Workload workload, IReadOnlyList<Op> ops)
    {
        var samples = new List<string>();
        void Sample(string sample)
        {
            if (samples.Count < 10) samples.Add(sample);
        }

        var duplicateStarts = 0;
        foreach (var group in runs.GroupBy(r => r.WorkflowId).Where(g => g.Count() > 1))
        {
            duplicateStarts += group.Count() - 1;
            Sample($"workflow {group.Key} has {group.Count()} runs");
        }

        var signals = 0;
        var duplicateSignals = 0;
        var signaled = new Dictionary<string, string>(StringComparer.Ordinal); // token -> workflow id
        var requestIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            foreach (var e in history(run).Where(e => e.EventType == EventType.WorkflowExecutionSignaled))
            {
                signals++;
                var attributes = e.WorkflowExecutionSignaledEventAttributes;
                var signalToken = TokenOf(attributes.Input);
                if (signalToken.Length > 0 && !signaled.TryAdd(signalToken, run.WorkflowId))
                {
                    duplicateSignals++;
                    Sample($"signal {signalToken} recorded again on {run.WorkflowId}");
                }
                else if (attributes.RequestId.Length > 0 && !requestIds.Add(attributes.RequestId))
                {
                    duplicateSignals++;
                    Sample($"signal request {attributes.RequestId} recorded again on {run.WorkflowId}");
                }
            }
        }

        // What was answered as done must be on the server.
        var runOf = runs.GroupBy(r => r.WorkflowId).ToDictionary(g => g.Key, g => g.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var answeredNotDone = 0;
        foreach (var op in ops)
        {
            var reply = op.Done.Task.IsCompletedSuccessfully ? op.Done.Task.Result : null;
            switch (op.Request, reply)
            {
                case (StartWorkflow or SignalWithStartWorkflow, WorkflowStarted started)
                    when !(runOf.TryGetValue(started.Handle.WorkflowId, out var ids) && ids.Contains(started.Handle.RunId)):
                    answeredNotDone++;
                    Sample($"answered {started.Handle} started, but the server holds no such run");
                    break;
                case (SignalWorkflow s, WorkflowSignaled)
                    when !(signaled.TryGetValue(TokenOf(s.Args), out var on) && on == s.Handle.WorkflowId):
                    answeredNotDone++;
                    Sample($"answered signal {TokenOf(s.Args)} to {s.Handle.WorkflowId} as done, but its history does not hold it");
                    break;
                case (SignalWithStartWorkflow sws, WorkflowStarted)
                    when !(signaled.TryGetValue(TokenOf(sws.SignalArgs), out var on) && on == sws.Start.WorkflowId):
                    answeredNotDone++;
                    Sample($"answered signal-with-start {TokenOf(sws.SignalArgs)} as done, but the history of {sws.Start.WorkflowId} does not hold it");
                    break;
            }
        }

        return new ServerChecks(workload.Workflows.Count, runs.Select(r => r.WorkflowId).Distinct().Count(), runs.Count,
            duplicateStarts, signals, duplicateSignals, 0, answeredNotDone, 0, samples);
    }

    private static string TokenOf(IReadOnlyList<Temporalio.Api.Common.V1.Payload> args)
    {
        var payloads = new Temporalio.Api.Common.V1.Payloads();
        payloads.Payloads_.AddRange(args);
        return TokenOf(payloads);
    }

    // Every call the fake frontend received: one request id per start (by workflow id) and per signal (by token).
    private static (int Changed, List<string> Samples) RecordedRequestIds(IReadOnlyList<ReceivedRequest> requests)
    {
        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Saw(string what, string requestId)
        {
            if (!ids.TryGetValue(what, out var set)) ids[what] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(requestId);
        }
        foreach (var received in requests)
        {
            switch (received.Request)
            {
                case StartWorkflowExecutionRequest start:
                    Saw($"start of {start.WorkflowId}", start.RequestId);
                    break;
                case SignalWithStartWorkflowExecutionRequest sws:
                    Saw($"signal-with-start of {sws.WorkflowId}", sws.RequestId);
                    break;
                case SignalWorkflowExecutionRequest signal:
                    Saw($"signal {TokenOf(signal.Input)}", signal.RequestId);
                    break;
            }
        }
        var changed = ids.Where(i => i.Value.Count > 1).ToArray();
        var samples = changed.Take(10).Select(c => $"{c.Key} reached the server under {c.Value.Count} request ids").ToList();
        return (changed.Sum(c => c.Value.Count - 1), samples);
    }
}
