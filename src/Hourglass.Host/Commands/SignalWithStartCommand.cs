using System.CommandLine;
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
    private readonly StartOptions _start = new();
    private readonly Operand _signalName = new("signal-name", "the signal's name (or --signal-name)",
        CliOptions.Text("--signal-name", "signal-name", "the signal's name, instead of <signal-name>"));
    private readonly PayloadInputs _signalInputs = new("--signal-input", "--signal-input-file", "a signal argument", "--signal-arg");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.SignalWithStartWorkflow);

    /// <inheritdoc />
    public override string Name => "signal-with-start";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [.. _start.Operands, _signalName];

    /// <inheritdoc />
    public override string Summary =>
        "Signal a workflow, starting it first when none with the id is running; says whether a new run started.";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [.. _signalInputs.Options, .. _start.Options];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var start = _start.Read(call);
        var signalWithStart = new SignalWithStartWorkflow(start, call[_signalName], _signalInputs.Read(call.Parse));
        var hourglass = await context.HourglassAsync();
        var started = await hourglass.SignalWithStartWorkflowAsync(signalWithStart, context.AskTimeout, call.Cancel);

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
