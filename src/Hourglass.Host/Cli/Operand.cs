using System.CommandLine;

namespace Hourglass.Host.Cli;

/// <summary>
/// A value a verb needs, given as a positional argument or by its option, as the Temporal CLI takes
/// it: <c>status order-1</c> or <c>status -w order-1</c>. Positional arguments fill, in order, the
/// operands whose option was not given: <c>signal -w order-1 approve</c> signals <c>approve</c>.
/// </summary>
internal sealed class Operand
{
    /// <summary>An operand named <paramref name="name"/> (<c>workflow-id</c>), with an optional alternative option.</summary>
    public Operand(string name, string description, Option<string>? option = null)
    {
        Name = name;
        Argument = new Argument<string>(name) { Description = description, Arity = ArgumentArity.ZeroOrOne };
        Option = option;
    }

    /// <summary>The name help shows, e.g. <c>workflow-id</c>.</summary>
    public string Name { get; }

    /// <summary>The positional argument.</summary>
    public Argument<string> Argument { get; }

    /// <summary>The option that gives it instead (<c>-w</c>, <c>--workflow-id</c>), if any.</summary>
    public Option<string>? Option { get; }

    /// <summary>The workflow id: <c>&lt;workflow-id&gt;</c> or <c>-w</c> / <c>--workflow-id</c>.</summary>
    public static Operand WorkflowId() =>
        new("workflow-id", "the workflow's id (or -w)", CliOptions.Text("--workflow-id", "id", "the workflow's id, instead of <workflow-id>", "-w"));

    /// <summary>How it is written in a usage line, e.g. <c>&lt;workflow-id&gt;</c>.</summary>
    public string Usage => $"<{Name}>";

    /// <summary>How it may be given, for an error: <c>&lt;workflow-id&gt; (or -w/--workflow-id)</c>.</summary>
    public string Ways => Option is null ? Usage : $"{Usage} (or {string.Join('/', Option.Aliases.Order(StringComparer.Ordinal).Prepend(Option.Name).Distinct())})";

    /// <summary>
    /// The value of every operand of a verb: from its option when given, else the next positional
    /// argument. Throws <see cref="UsageException"/> for one that is missing, and for a positional
    /// argument left over.
    /// </summary>
    public static IReadOnlyDictionary<Operand, string> Resolve(IReadOnlyList<Operand> operands, ParseResult parse, string verb,
        Func<string, string> shown)
    {
        // The parser fills the positional arguments in order, so the values given are the first few of them.
        var positional = new Queue<string>(operands
            .Select(o => parse.GetResult(o.Argument) is { Tokens.Count: > 0 } r ? r.Tokens[0].Value : null)
            .OfType<string>());
        var values = new Dictionary<Operand, string>();
        foreach (var operand in operands)
        {
            if (operand.Option is { } option && parse.GetResult(option) is { Implicit: false } && parse.GetValue(option) is { } given)
                values[operand] = given;
            else if (positional.TryDequeue(out var value))
                values[operand] = value;
            else
                throw new UsageException($"{verb} needs {operand.Ways}: hourglass {verb} {string.Join(' ', operands.Select(o => o.Usage))}");
        }
        if (positional.TryDequeue(out var extra))
        {
            var byOption = operands.Where(o => o.Option is { } option && parse.GetResult(option) is { Implicit: false }).Select(o => o.Option!.Name).ToList();
            var usage = string.Join(' ', operands.Select(o => o.Usage).Prepend(verb));
            throw new UsageException($"unexpected argument {shown(extra)}: hourglass {usage}" +
                (byOption.Count == 0 ? "" : $", and {string.Join(", ", byOption)} gave {(byOption.Count == 1 ? "one" : "some")} of them already"));
        }
        return values;
    }
}
