using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>signal-with-start &lt;workflow-type&gt; &lt;workflow-id&gt; &lt;signal-name&gt;</c>: signals the
/// running run, or starts one (with every option of <c>start</c>) and signals it; says which.
/// </summary>
internal sealed class SignalWithStartCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.SignalWithStartWorkflow);

    /// <inheritdoc />
    public override string Name => "signal-with-start";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-type", "workflow-id", "signal-name"];

    /// <inheritdoc />
    public override string Summary =>
        "Signal a workflow, starting it first when none with the id is running; says whether a new run started.";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("signal-arg", "<json>", "a signal argument as a JSON value (repeat for more)", Repeatable: true),
        .. StartOptions.Specs,
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var start = StartOptions.Read(args, context, args.Positional[0], args.Positional[1]);
        var signalWithStart = new SignalWithStartWorkflow(start, args.Positional[2], JsonValues.Payloads(args, "signal-arg"));
        var hourglass = await context.HourglassAsync();
        var started = await hourglass.SignalWithStartWorkflowAsync(signalWithStart, context.AskTimeout);

        var taskQueue = StartOptions.TaskQueue(start, context);
        if (output.Json)
        {
            var json = Render.HandleJson(started.Handle);
            json["started"] = started.Started;
            json["workflowType"] = start.WorkflowType;
            json["taskQueue"] = taskQueue;
            json["signal"] = signalWithStart.SignalName;
            json["signalArgs"] = signalWithStart.SignalArgs.Count;
            await output.JsonAsync(json);
            return;
        }
        var with = signalWithStart.SignalArgs.Count == 0 ? "" : $" ({string.Join(", ", signalWithStart.SignalArgs.Select(Render.PayloadText))})";
        var on = taskQueue is null ? "the node's default task queue" : $"task queue {taskQueue}";
        await output.LineAsync(started.Started
            ? $"Started a new run of {start.WorkflowType} on {on} and signaled {signalWithStart.SignalName}{with}"
            : $"Signaled {signalWithStart.SignalName}{with} to the running run (no new run started)");
        await output.FieldsAsync(Render.HandleFields(started.Handle));
    }
}
