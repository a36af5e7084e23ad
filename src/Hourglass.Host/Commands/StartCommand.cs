using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>start &lt;workflow-type&gt; &lt;workflow-id&gt;</c> (or <c>start --type T -w id</c>, as the Temporal
/// CLI writes it): starts a workflow and prints its handle.
/// </summary>
internal sealed class StartCommand : OperatorCommand
{
    private readonly StartOptions _start = new();

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.StartWorkflow);

    /// <inheritdoc />
    public override string Name => "start";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => _start.Operands;

    /// <inheritdoc />
    public override string Summary => "Start a workflow; prints its handle (namespace, workflow id, run id).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => _start.Options;

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var start = _start.Read(call);

        var hourglass = await context.HourglassAsync();
        var started = await hourglass.AskAsync<WorkflowStarted>(start, context.AskTimeout, call.Cancel);
        var handle = started.Handle;

        // With --via and no --task-queue the node's default applies; this side does not know it.
        var taskQueue = StartOptions.TaskQueue(start, context);
        if (output.Json)
        {
            var json = Render.HandleJson(handle);
            json["workflowType"] = start.WorkflowType;
            json["taskQueue"] = taskQueue;
            json["started"] = started.Started;
            await output.JsonAsync(json);
            return;
        }
        var on = taskQueue is null ? "the node's default task queue" : $"task queue {taskQueue}";
        // Started is false only when --id-conflict-policy use-existing found the id running.
        await output.LineAsync(started.Started
            ? $"Started {start.WorkflowType} on {on}"
            : $"{start.WorkflowType} {start.WorkflowId} is already running (--id-conflict-policy use-existing): its run is kept");
        await output.FieldsAsync(Render.HandleFields(handle));
    }
}
