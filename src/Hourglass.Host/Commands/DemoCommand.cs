using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Api.History.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>demo</c>: the whole Hourglass story on the embedded in-memory Temporal, so it runs on a
/// fresh machine with no Temporal server. The mock plays the worker's part (an activity failure,
/// the workflow's completion, honouring a cancellation); everything else goes through the ClientBackendActor as it would in
/// production.
/// </summary>
public static class DemoCommand
{
    private const string Namespace = "demo";

    private static readonly Config DemoConfig = ConfigurationFactory.ParseString("""
        hourglass.client-backend = mock
        hourglass.await.default-poll-interval = 20ms
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        """);

    /// <summary>What <c>demo</c> does, for help.</summary>
    public const string Summary = """
        Run the whole story on the embedded in-memory Temporal (no server needed):
        ensure namespace, start, signal, query, update, status, complete, cancel, await, history.
        """;

    /// <summary>Runs the story; returns 0 when every step got the answer it expects.</summary>
    public static async Task<int> RunAsync(TextWriter output)
    {
        var system = ActorSystem.Create("hourglass-demo", DemoConfig.WithFallback(HourglassConfig.Default()));
        var steps = new StepWriter(output);
        try
        {
            var hourglass = system.StartHourglass();
            await output.WriteLineAsync("Hourglass demo: the whole story on the embedded in-memory Temporal (mock backend).");
            await output.WriteLineAsync("Every step is a message to the ClientBackendActor; [worker] steps are the mock playing the worker.");
            await output.WriteLineAsync();

            var created = await hourglass.EnsureNamespaceAsync(Namespace);
            steps.Write("ensure namespace", Namespace, created ? "created" : "already there");

            var order = await hourglass.StartWorkflowAsync(
                new StartWorkflow("OrderWorkflow", "order-1001", new Order("order-1001", 42.50m)) { Namespace = Namespace, TaskQueue = "orders" });
            steps.Write("start workflow", Show(order), $"run {order.RunId}  OrderWorkflow on task queue orders");

            await hourglass.SignalWorkflowAsync(order, "approve", "alice");
            steps.Write("signal", Show(order), "approve (\"alice\")");

            await Control(hourglass, new AnswerQuery(order.WithoutRun(), "progress", QueryAnswer.Of("awaiting payment")));
            await Control(hourglass, new HandleUpdate(order.WithoutRun(), "add-note", args => UpdateAnswer.Complete($"noted: {args[0].ToValue<string>()}")));
            steps.Write("[worker] handlers", Show(order), "answers query progress, handles update add-note");

            var progress = await hourglass.QueryWorkflowAsync<string>(order, "progress");
            steps.Write("query", Show(order), $"progress: {progress}");

            var updated = await hourglass.UpdateWorkflowAsync(order, "add-note", "leave at the door");
            steps.Write("update", Show(order), $"add-note {updated.Stage}: {updated.ResultAs<string>()}");

            await Control(hourglass, new FailActivity(order, "ChargeCard", 1, "card declined", "CardDeclined"));
            await Control(hourglass, new SetPendingActivity(order, "ChargeCard", 2, MockFailures.Application("card declined", "CardDeclined")));
            steps.Write("[worker] activity", Show(order), "ChargeCard attempt 1 failed: card declined; retrying");

            var status = await hourglass.GetWorkflowStatusAsync(order, includeFailures: true);
            var pending = status.PendingActivities.Select(p => $"{p.ActivityType} attempt {p.Attempt}");
            steps.Write("status", Show(order),
                $"{status.State}; pending: {string.Join(", ", pending)}; recent failures: {status.RecentFailures!.Count} " +
                $"({string.Join(", ", status.RecentFailures.Select(f => $"{f.ActivityType} #{f.Attempt}: {f.Failure.Message}"))})");

            await Control(hourglass, new CompleteWorkflow(order, (object?)new Receipt("order-1001", "PAID", 42.50m)));
            steps.Write("[worker] complete", Show(order), "OrderWorkflow returned a receipt");

            var clock = Stopwatch.StartNew();
            var closed = await hourglass.AwaitWorkflowAsync(order, TimeSpan.FromSeconds(10));
            var receipt = closed.ResultAs<Receipt>();
            steps.Write("await", Show(order), $"{closed.Status.State} after {clock.Elapsed.TotalMilliseconds:0} ms; result {receipt}");

            var second = await hourglass.StartWorkflowAsync(
                new StartWorkflow("OrderWorkflow", "order-1002", new Order("order-1002", 9.99m)) { Namespace = Namespace, TaskQueue = "orders" });
            steps.Write("start workflow", Show(second), $"run {second.RunId}");

            await hourglass.CancelWorkflowAsync(second, "customer changed their mind");
            steps.Write("cancel", Show(second), "reason: customer changed their mind");

            var requested = await hourglass.GetWorkflowStatusAsync(second);
            steps.Write("status", Show(second), $"{requested.State}{(requested.CancelRequested ? ", cancel requested" : "")}: the worker decides");

            await Control(hourglass, new HonourCancel(second, (object?)"refund issued"));
            steps.Write("[worker] cancel", Show(second), "OrderWorkflow honoured the cancellation (refund issued)");

            var canceled = await hourglass.AwaitWorkflowAsync(second, TimeSpan.FromSeconds(10));
            steps.Write("await", Show(second), $"{canceled.Status.State} at {canceled.Status.CloseTime:HH:mm:ss.fff}");

            var history = await hourglass.FetchHistoryAsync(order);
            steps.Write("history", Show(order), $"{history.Events.Count} events");
            foreach (var e in history.Events)
                await output.WriteLineAsync($"        {e.EventId,3}  {e.EventType,-34} {Describe(e)}".TrimEnd());

            await output.WriteLineAsync();
            await output.WriteLineAsync($"Done: {steps.Count} steps, each answered by the ClientBackendActor.");
            return 0;
        }
        catch (HourglassException e)
        {
            await output.WriteLineAsync($"step {steps.Count + 1} failed: {e.Kind}: {e.Error.Message}");
            return 1;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task Control(IActorRef hourglass, MockControl control) =>
        await hourglass.AskAsync<MockWorkflowUpdated>(control);

    private static string Show(WorkflowHandle handle) => $"{handle.Namespace}/{handle.WorkflowId}";

    private static string Describe(HistoryEvent e) => e.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionStartedEventAttributes =>
            $"{e.WorkflowExecutionStartedEventAttributes.WorkflowType.Name} on {e.WorkflowExecutionStartedEventAttributes.TaskQueue.Name}",
        HistoryEvent.AttributesOneofCase.WorkflowExecutionSignaledEventAttributes => e.WorkflowExecutionSignaledEventAttributes.SignalName,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes => e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest.Input.Name,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionUpdateCompletedEventAttributes => "result " +
            e.WorkflowExecutionUpdateCompletedEventAttributes.Outcome.Success.Payloads_[0].Data.ToStringUtf8(),
        HistoryEvent.AttributesOneofCase.ActivityTaskScheduledEventAttributes => e.ActivityTaskScheduledEventAttributes.ActivityType.Name,
        HistoryEvent.AttributesOneofCase.ActivityTaskStartedEventAttributes => $"attempt {e.ActivityTaskStartedEventAttributes.Attempt}",
        HistoryEvent.AttributesOneofCase.ActivityTaskFailedEventAttributes => e.ActivityTaskFailedEventAttributes.Failure.Message,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => "result " +
            e.WorkflowExecutionCompletedEventAttributes.Result.Payloads_[0].Data.ToStringUtf8(),
        _ => "",
    };

    private sealed record Order(string OrderId, decimal Amount);

    private sealed record Receipt(string OrderId, string State, decimal Total);

    private sealed class StepWriter(TextWriter output)
    {
        public int Count { get; private set; }

        public void Write(string what, string target, string outcome) =>
            output.WriteLine($"  {++Count,2}  {what,-19} {target,-18} {outcome}");
    }
}
