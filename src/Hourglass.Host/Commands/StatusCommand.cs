using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary><c>status &lt;workflow-id&gt;</c>: the WorkflowStatus, with the recent activity failures when asked.</summary>
internal sealed class StatusCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Option<string> _runId = RunIdOption();
    private readonly Option<bool> _failures = CliOptions.Flag("--failures", "also read the history for the most recent activity failures");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.GetWorkflowStatus);

    /// <inheritdoc />
    public override string Name => "status";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId];

    /// <inheritdoc />
    public override string Summary => 
        "A workflow's status: state, times, pending activities (and, with --failures, recent activity failures).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_runId, _failures];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var output = call.Output;
        var handle = Handle(call, _workflowId, _runId);
        var hourglass = await call.Context.HourglassAsync();
        var status = await hourglass.GetWorkflowStatusAsync(handle, call.Value(_failures), call.Context.AskTimeout, call.Cancel);
        if (output.Json)
        {
            await output.JsonAsync(Render.StatusJson(status));
            return;
        }
        // A server keeps a run Running after a cancel request until its worker honours it: say so.
        var requested = status.CancelRequested && !status.IsClosed ? ", cancel requested" : "";
        await output.LineAsync($"{status.Handle.WorkflowId}: {status.State}{requested}");
        await output.FieldsAsync(Render.StatusFields(status).Skip(1));
    }
}
