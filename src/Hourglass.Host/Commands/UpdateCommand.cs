using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>update &lt;workflow-id&gt; &lt;update-name&gt;</c>: sends an update with JSON arguments, waits until
/// the worker accepted or completed it and prints the stage and the result (or the failure of a
/// rejected or failed update).
/// </summary>
internal sealed class UpdateCommand : OperatorCommand
{
    private static readonly Dictionary<string, UpdateWorkflowExecutionLifecycleStage> Stages = new(StringComparer.Ordinal)
    {
        ["accepted"] = UpdateWorkflowExecutionLifecycleStage.Accepted,
        ["completed"] = UpdateWorkflowExecutionLifecycleStage.Completed,
    };

    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Operand _updateName = new("update-name", "the update's name (or --name)",
        CliOptions.Text("--name", "update-name", "the update's name, instead of <update-name>"));
    private readonly PayloadInputs _inputs = new("an update argument");
    private readonly Option<string> _updateId = CliOptions.Text("--update-id", "id", "the update's id (default: a new one); the same id is the same update");
    private readonly Option<UpdateWorkflowExecutionLifecycleStage?> _waitStage = CliOptions.Choice("--wait-stage", "stage",
        "accepted | completed (default): what to wait for", Stages);
    private readonly Option<string> _runId = RunIdOption();

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.UpdateWorkflow);

    /// <inheritdoc />
    public override string Name => "update";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId, _updateName];

    /// <inheritdoc />
    public override string Summary =>
        "Update a workflow (a worker must accept it); prints its result, or the failure of a rejected or\n" +
        "failed update (exit 0, as await). Sending the same --update-id again gets the same outcome.";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [.. _inputs.Options, _updateId, _waitStage, _runId];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var update = new UpdateWorkflow(Handle(call, _workflowId, _runId), call[_updateName], _inputs.Read(call.Parse))
        {
            WaitStage = call.Value(_waitStage) ?? UpdateWorkflowExecutionLifecycleStage.Completed,
        };
        if (call.Value(_updateId) is { } id) update = update with { UpdateId = id };
        var hourglass = await context.HourglassAsync();
        // The update waits for a worker: as long as the update's own deadline, on top of the usual budget.
        var updated = await hourglass.AskAsync<WorkflowUpdated>(update, context.AskTimeout + context.Settings.Real.UpdateTimeout, call.Cancel);

        var state = updated.Failure is not null ? "failed" : updated.Stage == UpdateWorkflowExecutionLifecycleStage.Completed ? "completed" : "accepted";
        if (output.Json)
        {
            var json = Render.HandleJson(updated.Handle);
            json["updateName"] = update.UpdateName;
            json["updateId"] = updated.UpdateId;
            json["stage"] = state;
            json["result"] = updated.Result is { Count: > 0 } result ? Render.PayloadJson(result[0]) : null;
            json["failure"] = Render.ProtoJson(updated.Failure);
            await output.JsonAsync(json);
            return;
        }
        await output.LineAsync($"Update {update.UpdateName} {state}");
        var fields = new List<(string, string)> { ("update id", updated.UpdateId) };
        fields.AddRange(Render.HandleFields(updated.Handle));
        if (updated.Failure is not null) fields.Add(("failure", Render.FailureText(updated.Failure)));
        else if (updated.Stage == UpdateWorkflowExecutionLifecycleStage.Completed)
            fields.Add(("result", updated.Result is { Count: > 0 } result ? Render.PayloadText(result[0]) : "(none)"));
        await output.FieldsAsync(fields);
    }
}
