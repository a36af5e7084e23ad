using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>terminate &lt;workflow-id&gt;</c>: terminates a run at once, with a reason and details.</summary>
internal sealed class TerminateCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Option<string> _reason = CliOptions.Text("--reason", "text", "why, recorded in the terminated event (default: the server's)");
    private readonly PayloadInputs _details = new("--detail", "--detail-file", "a detail recorded with the reason");
    private readonly Option<string> _runId = RunIdOption();

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.TerminateWorkflow);

    /// <inheritdoc />
    public override string Name => "terminate";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId];

    /// <inheritdoc />
    public override string Summary => "Terminate a workflow at once (the workflow has no say; prefer cancel).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_reason, .. _details.Options, _runId];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var output = call.Output;
        var reason = call.Value(_reason) ?? "";
        var terminate = new TerminateWorkflow(Handle(call, _workflowId, _runId), reason) { Details = _details.Read(call.Parse) };
        var hourglass = await call.Context.HourglassAsync();
        // The handle as the router answers it: the namespace filled in (the node's default with --via).
        var handle = (await hourglass.TerminateWorkflowAsync(terminate, call.Context.AskTimeout, call.Cancel)).Handle;
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
