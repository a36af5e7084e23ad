using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>await &lt;workflow-id&gt;</c>: waits for the workflow to close and prints how, with the result;
/// a workflow still open at the deadline is a Timeout error carrying the last status.
/// </summary>
internal sealed class AwaitCommand : OperatorCommand
{
    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.AwaitWorkflow);

    /// <inheritdoc />
    public override string Name => "await";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-id"];

    /// <inheritdoc />
    public override string Summary =>
        "Wait until a workflow closes; prints how it closed and its result (or failure).\n" +
        "Still open at the deadline: a Timeout error (exit 1) with the last status.";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        RunId,
        new("timeout", "<duration>", "how long to wait (default 60s)"),
        new("poll", "<duration>", "pause before polling again after a failed poll (default 1s); the wait itself is a long poll"),
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var timeout = Durations.Optional(args, "timeout") ?? context.Settings.AwaitDefaultTimeout;
        var poll = Durations.Optional(args, "poll");
        var handle = Handle(args, context, args.Positional[0]);

        var hourglass = await context.HourglassAsync();
        var closed = await hourglass.AwaitWorkflowAsync(handle, timeout, poll);

        if (output.Json)
        {
            var json = Render.HandleJson(closed.Handle);
            json["state"] = closed.Status.State.ToString();
            json["closeTime"] = Render.TimeJson(closed.Status.CloseTime);
            json["result"] = closed.Result is null ? null : Render.PayloadJson(closed.Result);
            json["failure"] = Render.ProtoJson(closed.Failure);
            await output.JsonAsync(json);
            return;
        }

        await output.LineAsync($"{closed.Handle.WorkflowId}: {closed.Status.State}");
        var fields = Render.HandleFields(closed.Handle).Append(("closed", Render.Time(closed.Status.CloseTime))).ToList();
        if (closed.Status.State == WorkflowState.Completed)
            fields.Add(("result", closed.Result is null ? "(none)" : Render.PayloadText(closed.Result)));
        if (closed.Failure is not null) fields.Add(("failure", Render.FailureText(closed.Failure)));
        await output.FieldsAsync(fields);
    }
}
