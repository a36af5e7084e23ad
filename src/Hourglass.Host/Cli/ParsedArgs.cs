namespace Hourglass.Host.Cli;

/// <summary>
/// A command line split into its verb, positional arguments, <c>--name value</c> options and
/// <c>--flag</c> switches. Options may also be written <c>--name=value</c>, and may be repeated
/// (<c>--arg 1 --arg 2</c>). A value that starts with <c>--</c> must be written <c>--name=--value</c>:
/// <c>--reason --json</c> is an option missing its value, not a reason.
/// </summary>
public sealed class ParsedArgs
{
    private readonly Dictionary<string, List<string>> _options;
    private readonly HashSet<string> _flags;

    private ParsedArgs(string verb, IReadOnlyList<string> positional, Dictionary<string, List<string>> options, HashSet<string> flags)
    {
        Verb = verb;
        Positional = positional;
        _options = options;
        _flags = flags;
    }

    /// <summary>The command, e.g. <c>demo</c>; empty when none was given.</summary>
    public string Verb { get; }

    /// <summary>Arguments after the verb that are not options.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Splits <paramref name="args"/>; <paramref name="flagNames"/> are the switches that take no value.</summary>
    public static ParsedArgs Parse(IReadOnlyList<string> args, IReadOnlySet<string> flagNames)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var verb = "";
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h") arg = "--help";
            if (IsOption(arg))
            {
                var name = arg[2..];
                var eq = name.IndexOf('=');
                if (eq > 0)
                {
                    if (flagNames.Contains(name[..eq])) throw new UsageException($"option --{name[..eq]} takes no value");
                    Add(options, name[..eq], name[(eq + 1)..]);
                }
                else if (flagNames.Contains(name)) flags.Add(name);
                else if (i + 1 < args.Count && !IsOption(args[i + 1])) Add(options, name, args[++i]);
                else throw new UsageException($"option --{name} needs a value");
            }
            else if (verb.Length == 0) verb = arg;
            else positional.Add(arg);
        }
        return new ParsedArgs(verb, positional, options, flags);
    }

    /// <summary>True when the switch was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>The option's value (the last one when it was repeated), or null.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of an option that may be repeated, in the order given.</summary>
    public IReadOnlyList<string> Options(string name) =>
        _options.TryGetValue(name, out var values) ? values : Array.Empty<string>();

    /// <summary>Option names given that are not in <paramref name="known"/>.</summary>
    public IEnumerable<string> UnknownOptions(IReadOnlySet<string> known) =>
        _options.Keys.Concat(_flags).Where(n => !known.Contains(n));

    private static bool IsOption(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2;

    private static void Add(Dictionary<string, List<string>> options, string name, string value)
    {
        if (!options.TryGetValue(name, out var values)) options[name] = values = new List<string>();
        values.Add(value);
    }
}
