using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>signal &lt;workflow-id&gt; &lt;signal-name&gt;</c>: sends a signal with JSON arguments.</summary>
internal sealed class SignalCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Operand _signalName = new("signal-name", "the signal's name (or --name)",
        CliOptions.Text("--name", "signal-name", "the signal's name, instead of <signal-name>"));
    private readonly PayloadInputs _inputs = new("a signal argument");
    private readonly Option<string> _runId = RunIdOption();

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.SignalWorkflow);

    /// <inheritdoc />
    public override string Name => "signal";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId, _signalName];

    /// <inheritdoc />
    public override string Summary => "Signal a workflow.";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [.. _inputs.Options, _runId];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var output = call.Output;
        var signal = new SignalWorkflow(Handle(call, _workflowId, _runId), call[_signalName], _inputs.Read(call.Parse));
        var hourglass = await call.Context.HourglassAsync();
        // The handle as the router answers it: the namespace filled in (the node's default with --via).
        var handle = (await hourglass.AskAsync<WorkflowSignaled>(signal, call.Context.AskTimeout, call.Cancel)).Handle;
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
