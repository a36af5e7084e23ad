using System.CommandLine;
using Hourglass.Host.Cli;

namespace Hourglass.Host.Commands;

/// <summary>
/// An operator verb: one Hourglass operation against a configured Temporal, asked of the
/// ClientBackendActor the <see cref="Operator.OperatorContext"/> provides. It declares its operands
/// (positional, or by their Temporal CLI option) and its own options; the command line adds the
/// common ones and parses with System.CommandLine, so <c>--help</c>, completion and the parse errors
/// come from the same declarations. Each instance holds its own option objects: one per command line.
/// </summary>
internal abstract class OperatorCommand
{
    /// <summary>The operation the verb sends (each operation has exactly one verb).</summary>
    public abstract Type OperationType { get; }

    /// <summary>Every operation the verb sends, its options choosing (the main one first).</summary>
    public virtual IReadOnlyList<Type> OperationTypes => [OperationType];

    /// <summary>The verb, e.g. <c>start</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What the verb does, in a line or two.</summary>
    public abstract string Summary { get; }

    /// <summary>The values the verb works on, in order, e.g. the workflow id; each required.</summary>
    public virtual IReadOnlyList<Operand> Operands => [];

    /// <summary>The verb's own options (the common ones come on top).</summary>
    public virtual IReadOnlyList<Option> Options => [];

    /// <summary>
    /// Called once the common options are made, before <see cref="Operands"/> and <see cref="Options"/>
    /// are read: a verb whose operand may be given by a common option takes it here.
    /// </summary>
    public virtual void Attach(Operator.OperatorOptions common)
    {
    }

    /// <summary>How the verb is written, e.g. <c>signal &lt;workflow-id&gt; &lt;signal-name&gt;</c>.</summary>
    public string Usage => string.Join(' ', Operands.Select(o => o.Usage).Prepend(Name));

    /// <summary>
    /// Reads the verb's values (a <see cref="UsageException"/> when they are wrong, before anything
    /// is started), runs the operation and prints its outcome. A failed operation throws
    /// <see cref="Hourglass.Protocol.HourglassException"/>; <see cref="VerbCall.Cancel"/> interrupts it.
    /// </summary>
    public abstract Task RunAsync(VerbCall call);

    /// <summary>
    /// The handle the verb works on: the workflow id, <c>-r</c> / <c>--run-id</c> (the latest run when
    /// absent), the namespace in use (empty with <c>--via</c> and no <c>--namespace</c>: the node's default).
    /// </summary>
    protected static Protocol.WorkflowHandle Handle(VerbCall call, Operand workflowId, Option<string> runId) =>
        new(call.Context.Namespace, call[workflowId], call.Value(runId) ?? "");

    /// <summary>A <c>-r</c> / <c>--run-id</c> option, for the verbs on one execution.</summary>
    protected static Option<string> RunIdOption() => CliOptions.Text("--run-id", "run-id", "a run of the workflow (default: the latest)", "-r");
}
