using Akka.Actor;
using Akka.Configuration;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Operations;
using Temporalio.Api.Enums.V1;
using Temporalio.Converters;

namespace Hourglass.Configuration;

/// <summary>
/// The <c>hourglass</c> configuration section, read and checked once. Every mistake throws a
/// <see cref="ConfigurationException"/> naming the key.
/// </summary>
public sealed record HourglassSettings
{
    private static readonly IReadOnlyDictionary<string, BackendKind> Backends = new Dictionary<string, BackendKind>
    {
        ["real"] = BackendKind.Real,
        ["mock"] = BackendKind.Mock,
    };

    /// <summary>The backend for senders without an override (<c>hourglass.client-backend</c>).</summary>
    public BackendKind ClientBackend { get; init; } = BackendKind.Real;

    /// <summary>The configured backend as a choice (no allocation per operation).</summary>
    internal BackendChoice ClientBackendChoice => ClientBackend == BackendKind.Mock ? BackendChoice.Mock : BackendChoice.Real;

    /// <summary>Whether <see cref="UseBackend"/> is honoured (<c>hourglass.allow-overrides</c>).</summary>
    public bool AllowOverrides { get; init; } = true;

    /// <summary>
    /// Namespace for operations that name none (<c>hourglass.default-namespace</c>; when that is
    /// empty, the environment variable <c>TEMPORAL_NAMESPACE</c>, else "default").
    /// </summary>
    public string DefaultNamespace { get; init; } = "default";

    /// <summary>Task queue for starts that name none (<c>hourglass.default-task-queue</c>).</summary>
    public string DefaultTaskQueue { get; init; } = "default";

    /// <summary>Largest total payload size of one operation (<c>hourglass.max-payload-bytes</c>).</summary>
    public long MaxPayloadBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Status, await and watch queries in flight at once (<c>hourglass.max-queries</c>); beyond it Overloaded.</summary>
    public int MaxQueries { get; init; } = 20_000;

    /// <summary>How long a status or await query waits for one backend reply (<c>hourglass.query-timeout</c>).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Await timeout when the message gives none (<c>hourglass.await.default-timeout</c>).</summary>
    public TimeSpan AwaitDefaultTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Await poll interval when the message gives none (<c>hourglass.await.default-poll-interval</c>).</summary>
    public TimeSpan AwaitDefaultPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most recent activity failures kept in a status (<c>hourglass.status.max-recent-failures</c>).</summary>
    public int MaxRecentFailures { get; init; } = 20;

    /// <summary>Namespaces the in-memory Temporal has from the start (<c>hourglass.mock.namespaces</c>, plus the default).</summary>
    public IReadOnlyList<string> MockNamespaces { get; init; } = ["default"];

    /// <summary>
    /// Custom search attributes the in-memory Temporal registers in each of its namespaces, besides
    /// the dev server's (<c>hourglass.mock.search-attributes</c>: name → type).
    /// </summary>
    public IReadOnlyDictionary<string, IndexedValueType> MockSearchAttributes { get; init; } = new Dictionary<string, IndexedValueType>();

    /// <summary>The real backend's settings (<c>hourglass.real</c>).</summary>
    public RealBackendSettings Real { get; init; } = new();

    /// <summary>
    /// How payloads are made and encoded (<c>hourglass.payload</c>): its payload converter turns
    /// .NET values into payloads and back (<see cref="HourglassPayload"/>), and its payload codec,
    /// when there is one, encodes every payload at the backend boundary before it goes to Temporal
    /// (real or in-memory) and decodes every payload that comes back.
    /// </summary>
    /// <remarks>Hourglass does not use its failure converter: failures travel as Temporal's protobufs.</remarks>
    public DataConverter DataConverter { get; init; } = DataConverter.Default;

    /// <summary>Reads the settings of <paramref name="system"/>, with the reference config as fallback.</summary>
    public static HourglassSettings Create(ActorSystem system) => Create(system.Settings.Config);

    /// <summary>Reads the settings from a config holding an <c>hourglass</c> section (the reference config fills gaps).</summary>
    public static HourglassSettings Create(Config config) => Create(config, null);

    /// <summary>Reads the settings, looking environment variables up with <paramref name="environment"/> (tests pass their own).</summary>
    internal static HourglassSettings Create(Config config, Func<string, string?>? environment)
    {
        var hourglass = config.WithFallback(HourglassConfig.Default()).GetConfig("hourglass");
        var read = new ConfigReader(hourglass, "hourglass", environment);

        var defaultNamespace = read.StringOrEnvironment("default-namespace", "TEMPORAL_NAMESPACE", "default");
        if (NamespaceNames.Problem(defaultNamespace) is { } problem)
            throw read.Invalid("default-namespace", $"= \"{defaultNamespace}\" {problem}");
        var mockNamespaces = read.StringList("mock.namespaces");
        foreach (var ns in mockNamespaces)
        {
            if (NamespaceNames.Problem(ns) is { } nsProblem)
                throw read.Invalid("mock.namespaces", $"holds \"{ns}\", which {nsProblem}");
        }

        return new HourglassSettings
        {
            ClientBackend = read.Choice("client-backend", Backends),
            AllowOverrides = read.Boolean("allow-overrides"),
            DefaultNamespace = defaultNamespace,
            DefaultTaskQueue = read.String("default-task-queue"),
            MaxPayloadBytes = read.PositiveLong("max-payload-bytes"),
            QueryTimeout = read.PositiveDuration("query-timeout"),
            MaxQueries = read.PositiveInt("max-queries"),
            AwaitDefaultTimeout = read.DurationBetween("await.default-timeout", TimeSpan.FromMilliseconds(1), TemporalLimits.MaxDuration),
            AwaitDefaultPollInterval = read.DurationBetween("await.default-poll-interval", AwaitWorkflowOperation.MinPollInterval, TemporalLimits.MaxDuration),
            MaxRecentFailures = read.PositiveInt("status.max-recent-failures"),
            MockNamespaces = mockNamespaces.Append(defaultNamespace).Distinct(StringComparer.Ordinal).ToArray(),
            MockSearchAttributes = MockSearchAttributeTypes(read),
            Real = RealBackendSettings.Create(read),
            DataConverter = PayloadConfig.Read(read, defaultNamespace),
        };
    }

    private static readonly IReadOnlyDictionary<string, IndexedValueType> SearchAttributeTypes = new Dictionary<string, IndexedValueType>
    {
        ["keyword"] = IndexedValueType.Keyword,
        ["text"] = IndexedValueType.Text,
        ["int"] = IndexedValueType.Int,
        ["double"] = IndexedValueType.Double,
        ["bool"] = IndexedValueType.Bool,
        ["datetime"] = IndexedValueType.Datetime,
        ["keywordlist"] = IndexedValueType.KeywordList,
    };

    // hourglass.mock.search-attributes: an object of name = type, each type one of Temporal's (any case).
    private static IReadOnlyDictionary<string, IndexedValueType> MockSearchAttributeTypes(ConfigReader read)
    {
        var types = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal);
        foreach (var (name, value) in read.StringMap("mock.search-attributes"))
        {
            var key = $"mock.search-attributes.{name}";
            if (name.Length == 0 || name.Any(char.IsWhiteSpace) || System.Text.Encoding.UTF8.GetByteCount(name) > TemporalLimits.MaxIdBytes)
                throw read.Invalid(key, $"is not a search attribute name: no spaces, at most {TemporalLimits.MaxIdBytes} bytes");
            if (InMemoryTemporal.SystemSearchAttributes.ContainsKey(name))
                throw read.Invalid(key, "names a system search attribute, which the server sets itself; a custom one needs another name");
            types[name] = SearchAttributeTypes.TryGetValue(value.Trim().Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), out var type)
                ? type
                : throw read.Invalid(key, $"= \"{value}\" is not a search attribute type; allowed values: Keyword, Text, Int, Double, Bool, Datetime, KeywordList");
        }
        return types;
    }
}
