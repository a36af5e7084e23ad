using System.CommandLine;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Commands;

/// <summary>One run of an operator verb: its parsed command line, its operands, where it asks and where it prints.</summary>
internal sealed class VerbCall(
    ParseResult parse, IReadOnlyDictionary<Operand, string> operands, OperatorContext context, OperatorOutput output, CancellationToken cancel)
{
    /// <summary>The parsed command line.</summary>
    public ParseResult Parse => parse;

    /// <summary>The router the verb asks, and the defaults it shows.</summary>
    public OperatorContext Context => context;

    /// <summary>Where the verb prints.</summary>
    public OperatorOutput Output => output;

    /// <summary>Canceled by Ctrl+C or SIGTERM (and, with <c>--via</c>, when the node goes away).</summary>
    public CancellationToken Cancel => cancel;

    /// <summary>An operand's value, positional or by its option.</summary>
    public string this[Operand operand] => operands[operand];

    /// <summary>An option's value (its default when not given).</summary>
    public T? Value<T>(Option<T> option) => parse.GetValue(option);

    /// <summary>True when the option was written on the command line.</summary>
    public bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
}
