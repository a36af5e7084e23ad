using System.CommandLine;
using System.Globalization;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>history &lt;workflow-id&gt;</c>: one line per event; with <c>-o json</c> the History message, with
/// <c>-o jsonl</c> one event per line; <c>--follow</c> prints events as they are written.
/// </summary>
internal sealed class HistoryCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Option<string> _runId = RunIdOption();
    private readonly Option<bool> _follow = CliOptions.Flag("--follow",
        "print events as they are written until the run closes (a watch; one JSON object per line with -o json)", "-f");
    private readonly Option<long?> _fromEvent = CliOptions.Count("--from-event", "id", "with --follow: the first event to print (default 1)", 1, "an event id");
    private readonly Option<bool> _longPoll = CliOptions.Flag("--long-poll",
        "one long poll of the history: what arrives within the server's long-poll interval (-o json: events and token)");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.FetchHistory);

    /// <inheritdoc />
    public override IReadOnlyList<Type> OperationTypes =>
        [typeof(Protocol.FetchHistory), typeof(Protocol.WatchWorkflow), typeof(Protocol.UnwatchWorkflow), typeof(Protocol.PollHistory)];

    /// <inheritdoc />
    public override string Name => "history";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId];

    /// <inheritdoc />
    public override string Summary => 
        "A workflow's history, one line per event: id, time, type, key attribute (--json: the History message).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_runId, _follow, _fromEvent, _longPoll];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var follow = call.Value(_follow);
        var longPoll = call.Value(_longPoll);
        if (follow && longPoll) throw new UsageException("--follow and --long-poll do not go together");
        if (call.Given(_fromEvent) && !follow) throw new UsageException("--from-event goes with --follow");
        var handle = Handle(call, _workflowId, _runId);
        var hourglass = await context.HourglassAsync();
        if (follow)
        {
            await FollowAsync(call, handle, hourglass);
            return;
        }
        if (longPoll)
        {
            var polled = await hourglass.PollHistoryAsync(new PollHistory(handle), context.AskTimeout + TimeSpan.FromSeconds(70), call.Cancel);
            if (output.Json)
            {
                var json = Render.HandleJson(polled.Handle);
                json["events"] = Render.ProtoJson(new Temporalio.Api.History.V1.History { Events = { polled.Events } })?["events"]?.DeepClone();
                json["nextPageToken"] = Convert.ToBase64String(polled.NextPageToken.ToByteArray());
                await output.JsonAsync(json);
                return;
            }
            await output.LineAsync($"One poll of {polled.Handle}: {polled.Events.Count} event{(polled.Events.Count == 1 ? "" : "s")}");
            foreach (var e in polled.Events) await output.LineAsync(Line(e, 0, 0));
            return;
        }
        var (fetched, history) = await hourglass.AskAsync<HistoryFetched>(new FetchHistory(handle), context.AskTimeout, call.Cancel);
        if (output.Format == Cli.OutputFormat.JsonLines)
        {
            await output.JsonItemsAsync(history.Events.Select(e => Render.ProtoJson(e)));
            return;
        }
        if (output.Json)
        {
            await output.JsonAsync(Render.ProtoJson(history)!);
            return;
        }

        var count = history.Events.Count;
        await output.LineAsync($"History of {fetched}: {count} event{(count == 1 ? "" : "s")}");
        if (count == 0) return;
        var idWidth = history.Events.Max(e => e.EventId.ToString(CultureInfo.InvariantCulture).Length);
        var typeWidth = history.Events.Max(e => e.EventType.ToString().Length);
        foreach (var e in history.Events) await output.LineAsync(Line(e, idWidth, typeWidth));
    }

    private static string Line(Temporalio.Api.History.V1.HistoryEvent e, int idWidth, int typeWidth) =>
        $"  {e.EventId.ToString(CultureInfo.InvariantCulture).PadLeft(idWidth)}  {Render.Time(e.EventTime)}  {e.EventType.ToString().PadRight(typeWidth)}  {Render.EventAttribute(e)}".TrimEnd();

    // A watch: each event as it is written, until the run closes.
    private async Task FollowAsync(VerbCall call, WorkflowHandle handle, IActorRef hourglass)
    {
        var output = call.Output;
        var from = call.Value(_fromEvent) ?? 1L;
        if (!output.Json) await output.LineAsync($"Following {handle} (until the run closes)");
        await foreach (var e in hourglass.WatchWorkflowAsync(call.Context.System, handle, from, cancellationToken: call.Cancel))
        {
            if (output.Json) await output.JsonLineAsync(Render.ProtoJson(e)!);
            else await output.LineAsync(Line(e, 0, 0));
        }
    }
}
