using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>cancel &lt;workflow-id&gt;</c>: requests cancellation, with a reason.</summary>
internal sealed class CancelCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.CancelWorkflow);

    /// <inheritdoc />
    public override string Name => "cancel";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id"];

    /// <inheritdoc />
    public override string Summary => "Request cancellation of a workflow (the workflow decides how to end).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("reason", "<text>", "why, recorded with the request"),
        RunId,
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var reason = args.Option("reason") ?? "";
        var cancel = new CancelWorkflow(Handle(args, context, args.Positional[0]), reason);
        var hourglass = await context.HourglassAsync();
        // The handle as the router answers it: the namespace filled in (the node's default with --via).
        var handle = (await hourglass.AskAsync<CancelRequested>(cancel, context.AskTimeout)).Handle;
        if (output.Json)
        {
            var json = Render.HandleJson(handle);
            json["cancelRequested"] = true;
            json["reason"] = reason;
            await output.JsonAsync(json);
            return;
        }
        await output.LineAsync("Cancellation requested");
        await output.FieldsAsync(Render.HandleFields(handle).Append(("reason", reason.Length == 0 ? Render.None : reason)));
    }
}
