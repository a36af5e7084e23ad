using System.Text.Json.Nodes;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>query &lt;workflow-id&gt; &lt;query-type&gt;</c>: runs a query with JSON arguments and prints the
/// answer, one JSON value per line (<c>--json</c>: the handle, <c>result</c> and <c>results</c>).
/// </summary>
internal sealed class QueryCommand : OperatorCommand
{
    private static readonly Dictionary<string, QueryRejectCondition> RejectConditions = new(StringComparer.Ordinal)
    {
        ["none"] = QueryRejectCondition.None,
        ["not-open"] = QueryRejectCondition.NotOpen,
        ["not-completed-cleanly"] = QueryRejectCondition.NotCompletedCleanly,
    };

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.QueryWorkflow);

    /// <inheritdoc />
    public override string Name => "query";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id", "query-type"];

    /// <inheritdoc />
    public override string Summary =>
        "Query a workflow (a worker must answer); prints the answer, one JSON value per line.\n" +
        "A failed query is QueryFailed, a rejected one QueryRejected (exit 1).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("arg", "<json>", "a query argument as a JSON value (repeat for more)", Repeatable: true),
        RunId,
        new("reject-condition", "<condition>", "none | not-open | not-completed-cleanly: refuse the query for a workflow closed so"),
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var query = new QueryWorkflow(Handle(args, context, args.Positional[0]), args.Positional[1], JsonValues.Payloads(args, "arg"))
        {
            RejectCondition = RejectCondition(args.Option("reject-condition")),
        };
        var hourglass = await context.HourglassAsync();
        // The query waits for a worker: as long as the query's own deadline, on top of the usual budget.
        var queried = await hourglass.AskAsync<WorkflowQueried>(query, context.AskTimeout + context.Settings.Real.QueryTimeout);
        if (output.Json)
        {
            var json = Render.HandleJson(queried.Handle);
            json["queryType"] = queried.QueryType;
            json["result"] = queried.Result.Count == 0 ? null : Render.PayloadJson(queried.Result[0]);
            json["results"] = new JsonArray(queried.Result.Select(Render.PayloadJson).ToArray());
            await output.JsonAsync(json);
            return;
        }
        foreach (var payload in queried.Result) await output.LineAsync(Render.PayloadText(payload));
    }

    private static QueryRejectCondition? RejectCondition(string? text) =>
        text is null ? null
        : RejectConditions.TryGetValue(text, out var condition) ? condition
        : throw new UsageException($"--reject-condition {text} is not one of {string.Join(", ", RejectConditions.Keys)}");
}
