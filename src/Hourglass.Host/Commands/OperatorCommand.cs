using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary>
/// An operator verb: one Hourglass operation against a configured Temporal, asked of the
/// ClientBackendActor the <see cref="OperatorContext"/> provides. Its name, arguments and options
/// are what <c>--help</c> shows and what the command line is checked against.
/// </summary>
internal abstract class OperatorCommand
{
    /// <summary>The operation the verb sends (each operation has exactly one verb).</summary>
    public abstract Type OperationType { get; }

    /// <summary>Every operation the verb sends, its options choosing (the main one first).</summary>
    public virtual IReadOnlyList<Type> OperationTypes => [OperationType];

    /// <summary>The verb, e.g. <c>start</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The positional arguments, in order, all required, e.g. <c>workflow-id</c>.</summary>
    public abstract IReadOnlyList<string> Arguments { get; }

    /// <summary>What the verb does, in a line.</summary>
    public abstract string Summary { get; }

    /// <summary>The verb's own options (the common ones come on top).</summary>
    public virtual IReadOnlyList<OptionSpec> Options => [];

    /// <summary>How the verb is written, e.g. <c>signal &lt;workflow-id&gt; &lt;signal-name&gt;</c>.</summary>
    public string Usage => string.Join(' ', Arguments.Select(a => $"<{a}>").Prepend(Name));

    /// <summary>
    /// Reads the verb's arguments and options (a <see cref="UsageException"/> when they are wrong,
    /// before anything is started), runs the operation and prints its outcome. A failed operation
    /// throws <see cref="Hourglass.Protocol.HourglassException"/>.
    /// </summary>
    public abstract Task RunAsync(ParsedArgs args, OperatorContext context, OperatorOutput output);

    /// <summary>
    /// The handle the verb works on: the workflow id, <c>--run-id</c> (latest run when absent), the namespace
    /// in use (empty with <c>--via</c> and no <c>--namespace</c>: the node's default).
    /// </summary>
    protected static Protocol.WorkflowHandle Handle(ParsedArgs args, OperatorContext context, string workflowId) =>
        new(context.Namespace, workflowId, args.Option("run-id") ?? "");

    /// <summary>The <c>--run-id</c> option, shared by the verbs on one execution.</summary>
    protected static readonly OptionSpec RunId = new("run-id", "<run-id>", "a run of the workflow (default: the latest)");
}
