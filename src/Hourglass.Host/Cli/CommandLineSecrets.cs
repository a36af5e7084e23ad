namespace Hourglass.Host.Cli;

/// <summary>
/// What a message about a command line may echo. The value of a secret option (<c>--api-key</c>) is
/// never shown, and neither is an argument that comes after it before the next option: an unquoted
/// key with a space in it would end up there (<c>--api-key abc def</c>). An option that runs on from
/// a secret one's name (<c>--api-keyVALUE</c>, a missing space) is cut after the secret option's name.
/// </summary>
internal sealed class CommandLineSecrets
{
    /// <summary>Options whose values are secrets.</summary>
    public static readonly IReadOnlySet<string> SecretOptions = new HashSet<string>(StringComparer.Ordinal) { "--api-key" };

    // Every token that is, or may be part of, a secret option's value, with the option it follows.
    private readonly Dictionary<string, string> _hidden = new(StringComparer.Ordinal);

    /// <summary>Reads which tokens of <paramref name="args"/> follow a secret option.</summary>
    public CommandLineSecrets(IReadOnlyList<string> args)
    {
        string? secret = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith('-') && arg.Length > 1)
            {
                var eq = arg.IndexOfAny(['=', ':']);
                var name = eq > 0 ? arg[..eq] : arg;
                secret = SecretOptions.Contains(name) ? name : null;
                if (secret is not null && eq > 0) _hidden[arg[(eq + 1)..]] = secret;
            }
            else if (secret is not null)
            {
                _hidden[arg] = secret;
            }
        }
    }

    /// <summary>True when <paramref name="token"/> is, or may be part of, a secret.</summary>
    public bool Hides(string token) => _hidden.ContainsKey(token) || RunsOnFromSecret(token) is not null;

    /// <summary>
    /// An argument as a message may show it: quoted, or, when it follows a secret option's value,
    /// only as where it is.
    /// </summary>
    public string Shown(string token) =>
        _hidden.TryGetValue(token, out var secret)
            ? $"(an argument not shown: it follows the value of {secret}; quote a value with spaces)"
            : RunsOnFromSecret(token) is { } name ? $"{name}… (the rest not shown)"
            : $"'{token}'";

    /// <summary>
    /// An option as a message may show it (see <see cref="Shown"/>), without quotes: a secret one
    /// written with its value (<c>--api-key=…</c>) without the value.
    /// </summary>
    public string ShownOption(string token)
    {
        if (RunsOnFromSecret(token) is { } name) return $"{name}… (the rest not shown)";
        var eq = token.IndexOfAny(['=', ':']);
        if (eq > 0 && SecretOptions.Contains(token[..eq])) return $"{token[..eq]}{token[eq]}… (the value not shown)";
        return token;
    }

    private static string? RunsOnFromSecret(string token)
    {
        foreach (var secret in SecretOptions)
        {
            if (token.Length > secret.Length && token.StartsWith(secret, StringComparison.Ordinal) && token[secret.Length] is not ('-' or '=' or ':'))
                return secret;
        }
        return null;
    }
}
