using System.Globalization;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>history &lt;workflow-id&gt;</c>: one line per event; with <c>--json</c> the History message.</summary>
internal sealed class HistoryCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.FetchHistory);

    /// <inheritdoc />
    public override IReadOnlyList<Type> OperationTypes =>
        [typeof(Protocol.FetchHistory), typeof(Protocol.WatchWorkflow), typeof(Protocol.UnwatchWorkflow), typeof(Protocol.PollHistory)];

    /// <inheritdoc />
    public override string Name => "history";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id"];

    /// <inheritdoc />
    public override string Summary => 
        "A workflow's history, one line per event: id, time, type, key attribute (--json: the History message).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        RunId,
        new("follow", null, "print events as they are written until the run closes (a watch; one JSON object per line with --json)"),
        new("from-event", "<id>", "with --follow: the first event to print (default 1)"),
        new("long-poll", null, "one long poll of the history: what arrives within the server's long-poll interval (--json: events and token)"),
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        if (args.Has("follow") && args.Has("long-poll")) throw new UsageException("--follow and --long-poll do not go together");
        if (args.Has("from-event") && !args.Has("follow")) throw new UsageException("--from-event goes with --follow");
        var hourglass = await context.HourglassAsync();
        if (args.Has("follow"))
        {
            await FollowAsync(args, context, output, hourglass);
            return;
        }
        if (args.Has("long-poll"))
        {
            var polled = await hourglass.PollHistoryAsync(new PollHistory(Handle(args, context, args.Positional[0])), context.AskTimeout + TimeSpan.FromSeconds(70));
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
        var (handle, history) = await hourglass.AskAsync<HistoryFetched>(
            new FetchHistory(Handle(args, context, args.Positional[0])), context.AskTimeout);
        if (output.Json)
        {
            await output.JsonAsync(Render.ProtoJson(history)!);
            return;
        }

        var count = history.Events.Count;
        await output.LineAsync($"History of {handle}: {count} event{(count == 1 ? "" : "s")}");
        if (count == 0) return;
        var idWidth = history.Events.Max(e => e.EventId.ToString(CultureInfo.InvariantCulture).Length);
        var typeWidth = history.Events.Max(e => e.EventType.ToString().Length);
        foreach (var e in history.Events) await output.LineAsync(Line(e, idWidth, typeWidth));
    }

    private static string Line(Temporalio.Api.History.V1.HistoryEvent e, int idWidth, int typeWidth) =>
        $"  {e.EventId.ToString(CultureInfo.InvariantCulture).PadLeft(idWidth)}  {Render.Time(e.EventTime)}  {e.EventType.ToString().PadRight(typeWidth)}  {Render.EventAttribute(e)}".TrimEnd();

    // A watch: each event as it is written, until the run closes.
    private static async Task FollowAsync(ParsedArgs args, OperatorContext context, OperatorOutput output, IActorRef hourglass)
    {
        var from = 1L;
        if (args.Option("from-event") is { } text && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out from) || from < 1))
            throw new UsageException($"--from-event {text} is not an event id (1 or more)");
        var handle = Handle(args, context, args.Positional[0]);
        if (!output.Json) await output.LineAsync($"Following {handle} (until the run closes)");
        await foreach (var e in hourglass.WatchWorkflowAsync(context.System, handle, from))
        {
            if (output.Json) await output.JsonLineAsync(Render.ProtoJson(e)!);
            else await output.LineAsync(Line(e, 0, 0));
        }
    }
}
