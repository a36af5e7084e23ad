using Akka.Configuration;

namespace Hourglass.Configuration;

/// <summary>
/// Reads settings so that a mistake fails at start with the full key named, the value found and
/// what would have been accepted.
/// </summary>
internal sealed class ConfigReader(Config config, string prefix, Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? System.Environment.GetEnvironmentVariable;

    public string Path(string key) => $"{prefix}.{key}";

    public ConfigurationException Invalid(string key, string problem) =>
        new($"Invalid Hourglass configuration: {Path(key)} {problem}");

    public string String(string key, bool allowEmpty = false)
    {
        var value = Read(key, () => config.GetString(key, null));
        if (value is null) throw Invalid(key, "is missing");
        if (!allowEmpty && string.IsNullOrWhiteSpace(value)) throw Invalid(key, "must not be empty");
        return value;
    }

    public string? OptionalString(string key)
    {
        var value = Read(key, () => config.HasPath(key) ? config.GetString(key, null) : null);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>
    /// The value at <paramref name="key"/>; when it is empty, the environment variable
    /// <paramref name="environmentVariable"/> when set, else <paramref name="fallback"/>. So an explicit
    /// value in config wins, the environment fills what config leaves empty.
    /// </summary>
    public string StringOrEnvironment(string key, string environmentVariable, string fallback)
    {
        var value = String(key, allowEmpty: true);
        if (!string.IsNullOrWhiteSpace(value)) return value;
        var fromEnvironment = _environment(environmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? fallback : fromEnvironment;
    }

    /// <summary>The environment variable's value, or null when it is unset or blank.</summary>
    public string? EnvironmentVariable(string name) => _environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    public bool Boolean(string key)
    {
        var raw = String(key);
        return raw.Trim().ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw Invalid(key, $"= \"{raw}\" is not a boolean; allowed values: on, off, true, false, yes, no"),
        };
    }

    public T Choice<T>(string key, IReadOnlyDictionary<string, T> allowed)
    {
        var raw = String(key);
        return allowed.TryGetValue(raw.Trim().ToLowerInvariant(), out var value)
            ? value
            : throw Invalid(key, $"= \"{raw}\" is not allowed; allowed values: {string.Join(", ", allowed.Keys)}");
    }

    public TimeSpan PositiveDuration(string key)
    {
        var value = Read(key, () => config.GetTimeSpan(key, null, allowInfinite: false));
        return value > TimeSpan.Zero ? value : throw Invalid(key, $"= {value} must be a positive duration (e.g. 30s)");
    }

    public TimeSpan DurationBetween(string key, TimeSpan min, TimeSpan max)
    {
        var value = Read(key, () => config.GetTimeSpan(key, null, allowInfinite: false));
        return value >= min && value <= max
            ? value
            : throw Invalid(key, $"= {value} must be a duration between {Operations.Validator.Describe(min)} and {Operations.Validator.Describe(max)}");
    }

    public long PositiveLong(string key)
    {
        var value = Read(key, () => config.GetLong(key));
        return value > 0 ? value : throw Invalid(key, $"= {value} must be a positive number");
    }

    public int PositiveInt(string key)
    {
        var value = Read(key, () => config.GetInt(key));
        return value > 0 ? value : throw Invalid(key, $"= {value} must be a positive number");
    }

    public IReadOnlyList<string> StringList(string key) =>
        Read(key, () => config.HasPath(key) ? config.GetStringList(key) : Array.Empty<string>()).ToArray();

    /// <summary>An object of string values (<c>{ a = x, b = y }</c>) as a map; empty when the key is absent.</summary>
    public IReadOnlyList<(string Key, string Value)> StringMap(string key) =>
        Read(key, () =>
        {
            if (!config.HasPath(key)) return Array.Empty<(string, string)>();
            var section = config.GetConfig(key);
            return section.Root.GetObject().Items
                .Select(item => (item.Key, item.Value.IsObject() ? throw new FormatException($"{item.Key} holds an object, not a string") : item.Value.GetString()))
                .ToArray();
        });

    private T Read<T>(string key, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e)
        {
            throw config.HasPath(key)
                ? Invalid(key, $"could not be read: {e.Message}")
                : Invalid(key, "is missing");
        }
    }
}
