namespace Hourglass.Host.Cli;

/// <summary>
/// A command line split into its verb, positional arguments, <c>--name value</c> options and
/// <c>--flag</c> switches. Options may also be written <c>--name=value</c>, and may be repeated
/// (<c>--arg 1 --arg 2</c>). A value that starts with <c>--</c> must be written <c>--name=--value</c>:
/// <c>--reason --json</c> is an option missing its value, not a reason.
/// </summary>
/// <remarks>
/// The value of a secret option (<c>--api-key</c>) is never shown in a message, and neither is an
/// argument that comes right after it: an unquoted key with a space in it would end up there
/// (<c>--api-key abc def</c>). <see cref="Shown(int)"/>, <see cref="ShownVerb"/> and
/// <see cref="ShownOption"/> write what a usage error may echo.
/// </remarks>
public sealed class ParsedArgs
{
    /// <summary>Options whose values are secrets.</summary>
    public static readonly IReadOnlySet<string> SecretOptions = new HashSet<string>(StringComparer.Ordinal) { "api-key" };

    private readonly Dictionary<string, List<string>> _options;
    private readonly HashSet<string> _flags;
    private readonly IReadOnlyDictionary<int, string> _afterSecret;
    private readonly string? _verbAfterSecret;

    private ParsedArgs(string verb, IReadOnlyList<string> positional, Dictionary<string, List<string>> options, HashSet<string> flags,
        IReadOnlyDictionary<int, string> afterSecret, string? verbAfterSecret)
    {
        Verb = verb;
        Positional = positional;
        _options = options;
        _flags = flags;
        _afterSecret = afterSecret;
        _verbAfterSecret = verbAfterSecret;
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
        var afterSecret = new Dictionary<int, string>();
        string? verbAfterSecret = null;
        var verb = "";
        // The secret option whose value the arguments since then follow, until the next option.
        string? secret = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h") arg = "--help";
            if (IsOption(arg))
            {
                var name = arg[2..];
                var eq = name.IndexOf('=');
                var optionName = eq > 0 ? name[..eq] : name;
                secret = SecretOptions.Contains(optionName) ? optionName : null;
                if (eq > 0)
                {
                    if (flagNames.Contains(name[..eq])) throw new UsageException($"option --{name[..eq]} takes no value");
                    Add(options, name[..eq], name[(eq + 1)..]);
                }
                else if (flagNames.Contains(name)) flags.Add(name);
                else if (i + 1 < args.Count && !IsOption(args[i + 1])) Add(options, name, args[++i]);
                else throw new UsageException($"option --{ShownOption(name)} needs a value");
            }
            else if (verb.Length == 0)
            {
                verb = arg;
                if (secret is not null) verbAfterSecret = secret;
            }
            else
            {
                if (secret is not null) afterSecret[positional.Count] = secret;
                positional.Add(arg);
            }
        }
        return new ParsedArgs(verb, positional, options, flags, afterSecret, verbAfterSecret);
    }

    /// <summary>
    /// The positional argument at <paramref name="index"/> as a message may show it: quoted, or,
    /// when it comes right after a secret option's value, only where it is.
    /// </summary>
    public string Shown(int index) =>
        _afterSecret.TryGetValue(index, out var secret)
            ? $"argument {index + 1} (not shown: it follows the value of --{secret}; quote a value with spaces)"
            : $"'{Positional[index]}'";

    /// <summary>The verb as a message may show it (see <see cref="Shown(int)"/>).</summary>
    public string ShownVerb =>
        _verbAfterSecret is { } secret ? $"the first argument (not shown: it follows the value of --{secret})" : $"'{Verb}'";

    /// <summary>
    /// An option's name as a message may show it: a name that runs on from a secret option's
    /// (<c>--api-keyVALUE</c>, a missing space) is cut after the secret option's name.
    /// </summary>
    public static string ShownOption(string name)
    {
        foreach (var secret in SecretOptions)
        {
            if (name.Length > secret.Length && name.StartsWith(secret, StringComparison.Ordinal) && name[secret.Length] != '-')
                return $"{secret}… (the rest not shown)";
        }
        return name;
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
