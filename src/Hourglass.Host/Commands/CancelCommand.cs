using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary><c>cancel &lt;workflow-id&gt;</c>: requests cancellation, with a reason.</summary>
internal sealed class CancelCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Option<string> _reason = CliOptions.Text("--reason", "text", "why, recorded with the request");
    private readonly Option<string> _runId = RunIdOption();

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.CancelWorkflow);

    /// <inheritdoc />
    public override string Name => "cancel";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId];

    /// <inheritdoc />
    public override string Summary => "Request cancellation of a workflow (the workflow decides how to end).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_reason, _runId];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var output = call.Output;
        var reason = call.Value(_reason) ?? "";
        var cancel = new CancelWorkflow(Handle(call, _workflowId, _runId), reason);
        var hourglass = await call.Context.HourglassAsync();
        // The handle as the router answers it: the namespace filled in (the node's default with --via).
        var handle = (await hourglass.AskAsync<CancelRequested>(cancel, call.Context.AskTimeout, call.Cancel)).Handle;
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
