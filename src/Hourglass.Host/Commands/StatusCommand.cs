using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary><c>status &lt;workflow-id&gt;</c>: the WorkflowStatus, with the recent activity failures when asked.</summary>
internal sealed class StatusCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.GetWorkflowStatus);

    /// <inheritdoc />
    public override string Name => "status";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id"];

    /// <inheritdoc />
    public override string Summary => 
        "A workflow's status: state, times, pending activities (and, with --failures, recent activity failures).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        RunId,
        new("failures", null, "also read the history for the most recent activity failures"),
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var handle = Handle(args, context, args.Positional[0]);
        var hourglass = await context.HourglassAsync();
        var status = await hourglass.GetWorkflowStatusAsync(handle, args.Has("failures"), context.AskTimeout);
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
