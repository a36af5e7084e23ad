using System.CommandLine;
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

    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Operand _queryType = new("query-type", "the query's name (or --name)",
        CliOptions.Text("--name", "query-type", "the query's name, instead of <query-type>", "--type"));
    private readonly PayloadInputs _inputs = new("a query argument");
    private readonly Option<string> _runId = RunIdOption();
    private readonly Option<QueryRejectCondition?> _rejectCondition = CliOptions.Choice("--reject-condition", "condition",
        "none | not-open | not-completed-cleanly: refuse the query for a workflow closed so", RejectConditions);

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.QueryWorkflow);

    /// <inheritdoc />
    public override string Name => "query";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId, _queryType];

    /// <inheritdoc />
    public override string Summary =>
        "Query a workflow (a worker must answer); prints the answer, one JSON value per line.\n" +
        "A failed query is QueryFailed, a rejected one QueryRejected (exit 1).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [.. _inputs.Options, _runId, _rejectCondition];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var query = new QueryWorkflow(Handle(call, _workflowId, _runId), call[_queryType], _inputs.Read(call.Parse))
        {
            RejectCondition = call.Value(_rejectCondition),
        };
        var hourglass = await context.HourglassAsync();
        // The query waits for a worker: as long as the query's own deadline, on top of the usual budget.
        var queried = await hourglass.AskAsync<WorkflowQueried>(query, context.AskTimeout + context.Settings.Real.QueryTimeout, call.Cancel);
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
}
