using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Commands;

/// <summary>
/// <c>await &lt;workflow-id&gt;</c>: waits for the workflow to close and prints how, with the result;
/// a workflow still open at the deadline is a Timeout error carrying the last status. In text mode,
/// and unless <c>--quiet</c>, it shows its progress on stderr: the workflow's status, then each
/// event as it is written (a watch beside the await, sharing its long poll).
/// </summary>
internal sealed class AwaitCommand : OperatorCommand
{
    private readonly Operand _workflowId = Operand.WorkflowId();
    private readonly Option<string> _runId = RunIdOption();
    private readonly Option<TimeSpan?> _timeout = CliOptions.Duration("--timeout", "how long to wait (default 60s)");
    private readonly Option<TimeSpan?> _poll = CliOptions.Duration("--poll",
        "pause before polling again after a failed poll (default 1s); the wait itself is a long poll");
    private readonly Option<bool> _quiet = CliOptions.Flag("--quiet", "no progress on stderr (JSON output never has any)", "-q");

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.AwaitWorkflow);

    /// <inheritdoc />
    public override string Name => "await";

    /// <inheritdoc />
    public override IReadOnlyList<Operand> Operands => [_workflowId];

    /// <inheritdoc />
    public override string Summary =>
        "Wait until a workflow closes; prints how it closed and its result (or failure), with progress on stderr.\n" +
        "Still open at the deadline: a Timeout error (exit 1) with the last status; Ctrl+C: Canceled (exit 130).";

    /// <inheritdoc />
    public override IReadOnlyList<Option> Options => [_runId, _timeout, _poll, _quiet];

    /// <inheritdoc />
    public override async Task RunAsync(VerbCall call)
    {
        var context = call.Context;
        var output = call.Output;
        var timeout = call.Value(_timeout) ?? context.Settings.AwaitDefaultTimeout;
        var handle = Handle(call, _workflowId, _runId);

        var hourglass = await context.HourglassAsync();
        using var progress = CancellationTokenSource.CreateLinkedTokenSource(call.Cancel);
        var showing = output.Json || call.Value(_quiet) ? Task.CompletedTask : ShowProgressAsync(call, handle, timeout, progress.Token);
        WorkflowClosed closed;
        try
        {
            closed = await hourglass.AwaitWorkflowAsync(handle, timeout, call.Value(_poll), call.Cancel);
        }
        finally
        {
            await progress.CancelAsync();
            await showing;
        }

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

    // The status once, then each event as the history grows, until the await has its answer. Progress
    // is for people: a status or watch that fails says nothing here, the await's own outcome decides.
    private static async Task ShowProgressAsync(VerbCall call, WorkflowHandle handle, TimeSpan timeout, CancellationToken stop)
    {
        var output = call.Output;
        try
        {
            var hourglass = await call.Context.HourglassAsync();
            await output.ProgressAsync($"Waiting up to {Durations.Format(timeout)} for {Shown(handle)} to close (Ctrl+C stops waiting)");
            var status = await hourglass.GetWorkflowStatusAsync(handle, includeFailures: false, call.Context.AskTimeout, stop);
            var pending = status.PendingActivities.Count == 0 ? ""
                : "; pending: " + string.Join(", ", status.PendingActivities.Select(p => $"{p.ActivityType} attempt {p.Attempt}"));
            await output.ProgressAsync($"  {status.State}, {status.HistoryLength} events{pending}");
            if (status.State != WorkflowState.Running) return;
            // The await's own handle: the node serves the watch and the await from one long poll.
            await foreach (var e in hourglass.WatchWorkflowAsync(call.Context.System, handle, status.HistoryLength + 1, cancellationToken: stop))
                await output.ProgressAsync($"  {e.EventId,4}  {e.EventType}  {Render.EventAttribute(e)}".TrimEnd());
        }
        catch (Exception e) when (e is OperationCanceledException or HourglassException)
        {
            // The await is over, or progress could not be read: either way the await answers.
        }
    }

    private static string Shown(WorkflowHandle handle) =>
        (handle.Namespace.Length == 0 ? "" : handle.Namespace + "/") + handle.WorkflowId + (handle.RunId.Length == 0 ? "" : $" (run {handle.RunId})");
}
