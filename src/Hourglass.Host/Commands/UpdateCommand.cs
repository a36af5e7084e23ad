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

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.UpdateWorkflow);

    /// <inheritdoc />
    public override string Name => "update";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id", "update-name"];

    /// <inheritdoc />
    public override string Summary =>
        "Update a workflow (a worker must accept it); prints its result, or the failure of a rejected or\n" +
        "failed update (exit 0, as await). Sending the same --update-id again gets the same outcome.";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("arg", "<json>", "an update argument as a JSON value (repeat for more)", Repeatable: true),
        new("update-id", "<id>", "the update's id (default: a new one); the same id is the same update"),
        new("wait-stage", "<stage>", "accepted | completed (default): what to wait for"),
        RunId,
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var update = new UpdateWorkflow(Handle(args, context, args.Positional[0]), args.Positional[1], JsonValues.Payloads(args, "arg"))
        {
            WaitStage = Stage(args.Option("wait-stage")),
        };
        if (args.Option("update-id") is { } id) update = update with { UpdateId = id };
        var hourglass = await context.HourglassAsync();
        // The update waits for a worker: as long as the update's own deadline, on top of the usual budget.
        var updated = await hourglass.AskAsync<WorkflowUpdated>(update, context.AskTimeout + context.Settings.Real.UpdateTimeout);

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

    private static UpdateWorkflowExecutionLifecycleStage Stage(string? text) =>
        text is null ? UpdateWorkflowExecutionLifecycleStage.Completed
        : Stages.TryGetValue(text, out var stage) ? stage
        : throw new UsageException($"--wait-stage {text} is not one of {string.Join(", ", Stages.Keys)}");
}
