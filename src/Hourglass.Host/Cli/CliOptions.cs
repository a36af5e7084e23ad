using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Hourglass.Host.Cli;

/// <summary>
/// Makes the options of the command line in the house shapes: text, switches, repeatable values,
/// durations, counts and closed choices. A value that does not read is a parse error naming the
/// option as it was written (<c>--timeout 5x is not a duration…</c>), reported before anything starts.
/// </summary>
internal static class CliOptions
{
    /// <summary>An option taking one text value, e.g. <c>--reason &lt;text&gt;</c>.</summary>
    public static Option<string> Text(string name, string value, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = value };

    /// <summary>A switch: given or not, it takes no value (<c>--json</c>).</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>An option that may be given more than once, each time with one value (<c>--memo a=1 --memo b=2</c>).</summary>
    public static Option<string[]> Many(string name, string value, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, HelpName = value, Arity = ArgumentArity.OneOrMore, DefaultValueFactory = _ => [] };

    /// <summary>A duration, a number and a unit: <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>3d</c>.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, params string[] aliases) =>
        new(name, aliases)
        {
            Description = description,
            HelpName = "duration",
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return null;
                try
                {
                    return Durations.Parse(Written(result), Value(result));
                }
                catch (UsageException e)
                {
                    result.AddError(e.Message);
                    return null;
                }
            },
        };

    /// <summary>A whole number, <paramref name="minimum"/> or more; <paramref name="what"/> says what it counts in an error.</summary>
    public static Option<long?> Count(string name, string value, string description, long minimum, string what) =>
        new(name)
        {
            Description = description,
            HelpName = value,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return null;
                var text = Value(result);
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum) return n;
                result.AddError($"{Written(result)} {text} is not {what}; write a whole number, {minimum} or more");
                return null;
            },
        };

    /// <summary>One of a closed set of words, each standing for a value; the words are offered as completions.</summary>
    public static Option<T?> Choice<T>(string name, string value, string description, IReadOnlyDictionary<string, T> choices,
        params string[] aliases)
        where T : struct
    {
        var option = new Option<T?>(name, aliases)
        {
            Description = description,
            HelpName = value,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return null;
                var text = Value(result);
                if (choices.TryGetValue(text, out var chosen)) return chosen;
                result.AddError($"{Written(result)} {text} is not one of {string.Join(", ", choices.Keys)}");
                return null;
            },
        };
        // The words, not the names of the enum behind them.
        option.CompletionSources.Clear();
        option.CompletionSources.Add(choices.Keys.ToArray());
        return option;
    }

    /// <summary>The option as it was written on this command line (<c>-n</c> or <c>--namespace</c>), for a message.</summary>
    public static string Written(ArgumentResult result) =>
        result.Parent is OptionResult { IdentifierToken: { } token } ? token.Value
        : result.Parent is OptionResult option ? option.Option.Name
        : $"<{result.Argument.Name}>";

    /// <summary>The one token of a single-valued option.</summary>
    private static string Value(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
}
