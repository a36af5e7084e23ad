using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Temporalio.Api.Workflow.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>list</c>: the workflow executions that match <c>--query</c>, as a table (workflow id, run id,
/// type, status, start time, task queue), page after page up to <c>--limit</c>; with
/// <c>--json</c>, a JSON array of the WorkflowExecutionInfo messages in proto JSON.
/// </summary>
internal sealed class ListCommand : OperatorCommand
{
    private readonly Option<string> _query = CliOptions.Text("--query", "query",
        "a visibility query, e.g. \"ExecutionStatus = 'Running'\" (default: all)", "-q");
    private readonly Option<long?> _limit = CliOptions.Count("--limit", "n", "show at most n executions (default: all)", 0, "a number of executions");
    private readonly Option<long?> _pageSize = CliOptions.Count("--page-size", "n",
        "executions per request (default: n of --limit up to 1000, else the server's)", 0, "a number of executions");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.ListWorkflows);

    /// <inheritdoc />
    public override string Name => "list";

    /// <inheritdoc />
    public override string Summary =>
        "List workflow executions, open ones first, newest first: workflow id, run id, type, status,\n" +
        "start time, task queue (--json: the WorkflowExecutionInfo messages).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_query, _limit, _pageSize];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var query = call.Value(_query) ?? "";
        var limit = (int)Math.Min(call.Value(_limit) ?? 0, int.MaxValue);
        var pageSize = call.Value(_pageSize) is { } size ? (int)Math.Min(size, int.MaxValue)
            : limit is > 0 and <= Operations.TemporalLimits.VisibilityMaxPageSize ? limit : 0;

        var hourglass = await context.HourglassAsync();
        var executions = new List<WorkflowExecutionInfo>();
        var token = ByteString.Empty;
        do
        {
            var page = await hourglass.ListWorkflowsAsync(query, context.Namespace, pageSize, token, context.AskTimeout, call.Cancel);
            executions.AddRange(page.Executions);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty && (limit == 0 || executions.Count < limit));
        if (limit > 0 && executions.Count > limit) executions.RemoveRange(limit, executions.Count - limit);

        if (output.Json)
        {
            await output.JsonItemsAsync(executions.Select(Render.ProtoJson));
            return;
        }
        if (executions.Count == 0)
        {
            await output.LineAsync(query.Length == 0 ? "No workflow executions" : "No workflow executions match the query");
            return;
        }
        string[] header = ["WORKFLOW ID", "RUN ID", "TYPE", "STATUS", "START TIME", "TASK QUEUE"];
        var rows = executions.Select(e => new[]
        {
            e.Execution?.WorkflowId ?? Render.None,
            e.Execution?.RunId ?? Render.None,
            e.Type?.Name is { Length: > 0 } type ? type : Render.None,
            e.Status.ToString(),
            Render.Time(e.StartTime),
            e.TaskQueue is { Length: > 0 } queue ? queue : Render.None,
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            await output.LineAsync(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        if (!token.IsEmpty) await output.LineAsync($"(first {executions.Count} shown; more match: raise --limit)");
    }
}
