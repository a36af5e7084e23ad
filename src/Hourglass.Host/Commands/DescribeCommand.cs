using System.CommandLine;
using System.Globalization;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>describe &lt;workflow-id&gt;</c>: the execution's key facts; with <c>--json</c> the whole
/// DescribeWorkflowExecutionResponse in proto JSON.
/// </summary>
internal sealed class DescribeCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Option<string> _runId = RunIdOption();

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.DescribeWorkflow);

    /// <inheritdoc />
    public override string Name => "describe";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId];

    /// <inheritdoc />
    public override string Summary =>
        "Describe a workflow execution: status, type, task queue, times, history length, memo, search\n" +
        "attributes, pending activities (--json: the whole DescribeWorkflowExecutionResponse).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_runId];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var output = call.Output;
        var hourglass = await call.Context.HourglassAsync();
        var (handle, response) = await hourglass.AskAsync<WorkflowDescribed>(
            new DescribeWorkflow(Handle(call, _workflowId, _runId)), call.Context.AskTimeout, call.Cancel);
        if (output.Json)
        {
            await output.JsonAsync(Render.ProtoJson(response)!);
            return;
        }

        var info = response.WorkflowExecutionInfo;
        await output.LineAsync($"{info.Execution.WorkflowId}: {info.Status}");
        await output.FieldsAsync(Fields(handle.Namespace, response));
    }

    private static IEnumerable<(string, string)> Fields(string @namespace, DescribeWorkflowExecutionResponse response)
    {
        var info = response.WorkflowExecutionInfo;
        var fields = new List<(string, string)>
        {
            ("namespace", @namespace),
            ("workflow id", info.Execution.WorkflowId),
            ("run id", info.Execution.RunId),
            ("type", info.Type?.Name ?? Render.None),
            ("task queue", info.TaskQueue is { Length: > 0 } queue ? queue : Render.None),
            ("started", Render.Time(info.StartTime)),
            ("closed", Render.Time(info.CloseTime)),
            ("history length", info.HistoryLength.ToString(CultureInfo.InvariantCulture)),
        };
        if (info.ParentExecution is { } parent)
            fields.Add(("parent", $"{info.ParentNamespaceId}/{parent.WorkflowId}/{parent.RunId}"));
        if (info.Memo is { Fields.Count: > 0 } memo)
            fields.Add(("memo", string.Join('\n', memo.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => $"{f.Key} = {Render.PayloadText(f.Value)}"))));
        if (info.SearchAttributes is { IndexedFields.Count: > 0 } attributes)
            fields.Add(("search attributes", string.Join('\n', attributes.IndexedFields.OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => $"{f.Key} = {SearchAttributeText(f.Value)}"))));
        fields.Add(("pending activities", response.PendingActivities.Count == 0
            ? "none"
            : string.Join('\n', response.PendingActivities.Select(p =>
                Render.PendingText(p.ActivityType?.Name ?? "", p.ActivityId, p.Attempt, p.MaximumAttempts, p.LastFailure)))));
        return fields;
    }

    // Decoded with its type (Keyword "alice"); a payload that is not a typed value, as its JSON.
    private static string SearchAttributeText(Temporalio.Api.Common.V1.Payload payload) =>
        SearchAttributeValue.TryFromPayload(payload, out var value) ? value.ToString() : Render.PayloadText(payload);
}
