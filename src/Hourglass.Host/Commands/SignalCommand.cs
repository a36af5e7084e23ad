using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>signal &lt;workflow-id&gt; &lt;signal-name&gt;</c>: sends a signal with JSON arguments.</summary>
internal sealed class SignalCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.SignalWorkflow);

    /// <inheritdoc />
    public override string Name => "signal";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id", "signal-name"];

    /// <inheritdoc />
    public override string Summary => "Signal a workflow.";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("arg", "<json>", "a signal argument as a JSON value (repeat for more)", Repeatable: true),
        RunId,
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var signal = new SignalWorkflow(Handle(args, context, args.Positional[0]), args.Positional[1], JsonValues.Payloads(args, "arg"));
        var hourglass = await context.HourglassAsync();
        // The handle as the router answers it: the namespace filled in (the node's default with --via).
        var handle = (await hourglass.AskAsync<WorkflowSignaled>(signal, context.AskTimeout)).Handle;
        if (output.Json)
        {
            var json = Render.HandleJson(handle);
            json["signal"] = signal.SignalName;
            json["args"] = signal.Args.Count;
            await output.JsonAsync(json);
            return;
        }
        var with = signal.Args.Count == 0 ? "" : $" ({string.Join(", ", signal.Args.Select(Render.PayloadText))})";
        await output.LineAsync($"Signaled {signal.SignalName}{with}");
        await output.FieldsAsync(Render.HandleFields(handle));
    }
}
