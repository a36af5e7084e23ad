using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>count</c>: how many workflow executions match <c>--query</c>; with <c>GROUP BY ExecutionStatus</c>
/// in the query, a line per status.
/// </summary>
internal sealed class CountCommand : OperatorCommand
{
    private readonly Option<string> _query = CliOptions.Text("--query", "query",
        "a visibility query, e.g. \"WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus\" (default: all)", "-q");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.CountWorkflows);

    /// <inheritdoc />
    public override string Name => "count";

    /// <inheritdoc />
    public override string Summary =>
        "Count workflow executions; a query ending in GROUP BY ExecutionStatus counts per status.";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_query];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var output = call.Output;
        var hourglass = await call.Context.HourglassAsync();
        var counted = await hourglass.CountWorkflowsAsync(call.Value(_query) ?? "", call.Context.Namespace, call.Context.AskTimeout, call.Cancel);
        if (output.Json)
        {
            await output.JsonAsync(new JsonObject
            {
                ["count"] = counted.Count,
                ["groups"] = new JsonArray(counted.Groups.Select(g => (JsonNode)new JsonObject
                {
                    ["values"] = new JsonArray(g.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                    ["count"] = g.Count,
                }).ToArray()),
            });
            return;
        }
        await output.LineAsync($"Total: {counted.Count.ToString(CultureInfo.InvariantCulture)}");
        await output.FieldsAsync(counted.Groups.Select(g =>
            (string.Join(", ", g.Values.Select(v => v ?? "null")), g.Count.ToString(CultureInfo.InvariantCulture))));
    }
}
