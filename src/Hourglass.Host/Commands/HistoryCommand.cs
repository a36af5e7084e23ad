using System.Globalization;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>history &lt;workflow-id&gt;</c>: one line per event; with <c>--json</c> the History message.</summary>
internal sealed class HistoryCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.FetchHistory);

    /// <inheritdoc />
    public override string Name => "history";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id"];

    /// <inheritdoc />
    public override string Summary => 
        "A workflow's history, one line per event: id, time, type, key attribute (--json: the History message).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options => [RunId];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var hourglass = await context.HourglassAsync();
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
        foreach (var e in history.Events)
        {
            var id = e.EventId.ToString(CultureInfo.InvariantCulture).PadLeft(idWidth);
            var line = $"  {id}  {Render.Time(e.EventTime)}  {e.EventType.ToString().PadRight(typeWidth)}  {Render.EventAttribute(e)}";
            await output.LineAsync(line.TrimEnd());
        }
    }
}
