using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>terminate &lt;workflow-id&gt;</c>: terminates a run at once, with a reason and details.</summary>
internal sealed class TerminateCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.TerminateWorkflow);

    /// <inheritdoc />
    public override string Name => "terminate";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id"];

    /// <inheritdoc />
    public override string Summary => "Terminate a workflow at once (the workflow has no say; prefer cancel).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("reason", "<text>", "why, recorded in the terminated event (default: the server's)"),
        new("detail", "<json>", "a detail recorded with the reason, as a JSON value (repeat for more)", Repeatable: true),
        RunId,
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var reason = args.Option("reason") ?? "";
        var terminate = new TerminateWorkflow(Handle(args, context, args.Positional[0]), reason) { Details = JsonValues.Payloads(args, "detail") };
        var hourglass = await context.HourglassAsync();
        // The handle as the router answers it: the namespace filled in (the node's default with --via).
        var handle = (await hourglass.TerminateWorkflowAsync(terminate, context.AskTimeout)).Handle;
        if (output.Json)
        {
            var json = Render.HandleJson(handle);
            json["terminated"] = true;
            json["reason"] = reason;
            json["details"] = terminate.Details.Count;
            await output.JsonAsync(json);
            return;
        }
        await output.LineAsync("Terminated");
        var fields = Render.HandleFields(handle).Append(("reason", reason.Length == 0 ? Render.None : reason));
        if (terminate.Details.Count > 0) fields = fields.Append(("details", string.Join(", ", terminate.Details.Select(Render.PayloadText))));
        await output.FieldsAsync(fields);
    }
}
