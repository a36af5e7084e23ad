using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Host.Commands;

/// <summary><c>start &lt;workflow-type&gt; &lt;workflow-id&gt;</c>: starts a workflow and prints its handle.</summary>
internal sealed class StartCommand : OperatorCommand
{
    private static readonly Dictionary<string, WorkflowIdReusePolicy> ReusePolicies = new(StringComparer.Ordinal)
    {
        ["allow"] = WorkflowIdReusePolicy.AllowDuplicate,
        ["allow-failed-only"] = WorkflowIdReusePolicy.AllowDuplicateFailedOnly,
        ["reject"] = WorkflowIdReusePolicy.RejectDuplicate,
    };

    /// <inheritdoc />
    public override Type OperationType => typeof(Protocol.StartWorkflow);

    /// <inheritdoc />
    public override string Name => "start";

    /// <inheritdoc />
    public override IReadOnlyList<string> Arguments => ["workflow-type", "workflow-id"];

    /// <inheritdoc />
    public override string Summary => "Start a workflow; prints its handle (namespace, workflow id, run id).";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options =>
    [
        new("arg", "<json>", "a workflow argument as a JSON value: 42, '\"text\"', '{\"a\":1}' (repeat for more)", Repeatable: true),
        new("task-queue", "<queue>", "task queue (default: hourglass.default-task-queue, \"default\")"),
        new("id-reuse-policy", "<policy>", "allow | allow-failed-only | reject: may a closed run's id be used again"),
        new("execution-timeout", "<duration>", "limit on the whole execution, retries and continue-as-new included"),
        new("run-timeout", "<duration>", "limit on a single run"),
        new("task-timeout", "<duration>", "limit on a single workflow task"),
        new("start-delay", "<duration>", "delay before the first workflow task"),
        new("memo", "<key>=<json>", "a memo field, its value a JSON value (repeat for more)", Repeatable: true),
    ];

    /// <inheritdoc />
    public override async Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output)
    {
        var start = new StartWorkflow(args.Positional[0], args.Positional[1], JsonValues.Payloads(args, "arg"))
        {
            Namespace = context.Namespace,
            TaskQueue = args.Option("task-queue"),
            IdReusePolicy = ReusePolicy(args.Option("id-reuse-policy")),
            ExecutionTimeout = Durations.Optional(args, "execution-timeout"),
            RunTimeout = Durations.Optional(args, "run-timeout"),
            TaskTimeout = Durations.Optional(args, "task-timeout"),
            StartDelay = Durations.Optional(args, "start-delay"),
            Memo = JsonValues.NamedPayloads(args, "memo"),
        };

        var hourglass = await context.HourglassAsync();
        var handle = await hourglass.StartWorkflowAsync(start, context.AskTimeout);

        // With --via and no --task-queue the node's default applies; this side does not know it.
        var taskQueue = start.TaskQueue ?? context.DefaultTaskQueue;
        if (output.Json)
        {
            var json = Render.HandleJson(handle);
            json["workflowType"] = start.WorkflowType;
            json["taskQueue"] = taskQueue;
            await output.JsonAsync(json);
            return;
        }
        await output.LineAsync(taskQueue is null
            ? $"Started {start.WorkflowType} on the node's default task queue"
            : $"Started {start.WorkflowType} on task queue {taskQueue}");
        await output.FieldsAsync(Render.HandleFields(handle));
    }

    private static WorkflowIdReusePolicy? ReusePolicy(string? text) =>
        text is null ? null
        : ReusePolicies.TryGetValue(text, out var policy) ? policy
        : throw new UsageException($"--id-reuse-policy {text} is not one of {string.Join(", ", ReusePolicies.Keys)}");
}
