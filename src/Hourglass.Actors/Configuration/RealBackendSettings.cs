using System.Text;
using System.Text.Json.Serialization;
using Temporalio.Client;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Configuration;

/// <summary>
/// The <c>hourglass.real</c> section: where the Temporal frontend is and how to talk to it. Read
/// and checked at start (TLS files and the API key file included), so a mistake fails there with
/// the key named. The API key and the client private key never appear in <see cref="ToString"/>
/// nor in System.Text.Json (written as <c>"***"</c>).
/// </summary>
public sealed record RealBackendSettings
{
    /// <summary>The Temporal dev server's address, used when neither config nor environment names one.</summary>
    public const string LocalTarget = "localhost:7233";

    private static readonly IReadOnlyDictionary<string, TlsMode> TlsModes = new Dictionary<string, TlsMode>
    {
        ["auto"] = TlsMode.Auto,
        ["on"] = TlsMode.On,
        ["off"] = TlsMode.Off,
    };

    /// <summary>host:port of the Temporal frontend (<c>target-host</c>, <c>$TEMPORAL_ADDRESS</c>).</summary>
    public string TargetHost { get; init; } = LocalTarget;

    /// <summary>
    /// The API key; null for none. From <c>api-key</c> when set, else the file <c>api-key-file</c>
    /// names, else <c>$TEMPORAL_API_KEY</c>. Hidden in <see cref="ToString"/> and in JSON.
    /// </summary>
    [JsonConverter(typeof(RedactedStringConverter))]
    public string? ApiKey { get; init; }

    /// <summary>The identity recorded with every request (<c>identity</c>).</summary>
    public string Identity { get; init; } = DefaultIdentity();

    /// <summary>Whether to use TLS (<c>tls.mode</c>).</summary>
    public TlsMode Tls { get; init; } = TlsMode.Auto;

    /// <summary>PEM of the CA that signed the server's certificate; null for the system roots.</summary>
    public byte[]? ServerCaCert { get; init; }

    /// <summary>PEM of the client certificate, for mutual TLS.</summary>
    public byte[]? ClientCert { get; init; }

    /// <summary>PEM of the client private key, for mutual TLS. Hidden in <see cref="ToString"/> and in JSON.</summary>
    [JsonConverter(typeof(RedactedBytesConverter))]
    public byte[]? ClientKey { get; init; }

    /// <summary>Name to verify the server certificate against; null for the target's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>Longest wait for the connection (<c>connect-timeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for one RPC (<c>rpc-timeout</c>).</summary>
    public TimeSpan RpcTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for a QueryWorkflow call, every attempt included (<c>query-timeout</c>).</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for an UpdateWorkflow operation, every call included (<c>update-timeout</c>).</summary>
    public TimeSpan UpdateTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts in all for a transient failure (<c>retry.max-attempts</c>); 1 is no retry.</summary>
    public int RetryMaxAttempts { get; init; } = 3;

    /// <summary>Backoff before the first retry, doubling up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryInitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest backoff between retries.</summary>
    public TimeSpan RetryMaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>gRPC codes retried (<c>retry.codes</c>).</summary>
    public IReadOnlySet<StatusCode> RetryCodes { get; init; } =
        new HashSet<StatusCode> { StatusCode.Unavailable, StatusCode.Cancelled, StatusCode.Aborted, StatusCode.Internal, StatusCode.Unknown };

    /// <summary>Operations in flight at once (<c>max-in-flight</c>); beyond it, Overloaded.</summary>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary>
    /// The deadline of one history long poll (<c>long-poll-timeout</c>): longer than the server's
    /// long-poll interval (about 20 s), so the server answers first, as the Temporal SDKs' 70 s does.
    /// </summary>
    public TimeSpan LongPollTimeout { get; init; } = TimeSpan.FromSeconds(70);

    /// <summary>History long polls in flight at once (<c>max-long-polls</c>), apart from <see cref="MaxInFlight"/>.</summary>
    public int MaxLongPolls { get; init; } = 20_000;

    /// <summary>Retention of a namespace EnsureNamespace registers (<c>namespace-retention</c>).</summary>
    public TimeSpan NamespaceRetention { get; init; } = TimeSpan.FromHours(72);

    /// <summary>How long EnsureNamespace waits for a registered namespace to be visible (<c>namespace-ready-timeout</c>).</summary>
    public TimeSpan NamespaceReadyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>True when connections use TLS: on, or auto with TLS material, a server name or an API key.</summary>
    public bool UsesTls => Tls switch
    {
        TlsMode.On => true,
        TlsMode.Off => false,
        _ => ServerCaCert is not null || ClientCert is not null || ServerName is not null || ApiKey is not null,
    };

    /// <summary>The Temporalio connection options these settings describe.</summary>
    public TemporalConnectionOptions ToConnectionOptions() => new(TargetHost)
    {
        ApiKey = ApiKey,
        Identity = Identity,
        Tls = UsesTls
            ? new TlsOptions { ServerRootCACert = ServerCaCert, ClientCert = ClientCert, ClientPrivateKey = ClientKey, Domain = ServerName }
            : new TlsOptions { Disabled = true },
    };

    /// <summary>Reads the section at <c>hourglass.real</c> with the reader of the <c>hourglass</c> section.</summary>
    internal static RealBackendSettings Create(ConfigReader read)
    {
        var clientCert = File(read, "real.tls.client-cert-file", "TEMPORAL_TLS_CLIENT_CERT_PATH");
        var clientKey = File(read, "real.tls.client-key-file", "TEMPORAL_TLS_CLIENT_KEY_PATH");
        if ((clientCert is null) != (clientKey is null))
            throw read.Invalid(clientCert is null ? "real.tls.client-cert-file" : "real.tls.client-key-file",
                "is needed too: mutual TLS takes both the client certificate and its key");

        var retryCodes = read.StringList("real.retry.codes").Select(code => ParseCode(read, code)).ToHashSet();
        var identity = read.String("real.identity", allowEmpty: true);
        return new RealBackendSettings
        {
            TargetHost = read.StringOrEnvironment("real.target-host", "TEMPORAL_ADDRESS", LocalTarget),
            ApiKey = ApiKeyOf(read),
            Identity = string.IsNullOrWhiteSpace(identity) ? DefaultIdentity() : identity,
            Tls = read.Choice("real.tls.mode", TlsModes),
            ServerCaCert = File(read, "real.tls.server-ca-cert-file", "TEMPORAL_TLS_SERVER_CA_CERT_PATH"),
            ClientCert = clientCert,
            ClientKey = clientKey,
            ServerName = NullIfEmpty(read.StringOrEnvironment("real.tls.server-name", "TEMPORAL_TLS_SERVER_NAME", "")),
            ConnectTimeout = read.PositiveDuration("real.connect-timeout"),
            RpcTimeout = read.PositiveDuration("real.rpc-timeout"),
            QueryTimeout = read.PositiveDuration("real.query-timeout"),
            UpdateTimeout = read.PositiveDuration("real.update-timeout"),
            RetryMaxAttempts = read.PositiveInt("real.retry.max-attempts"),
            RetryInitialBackoff = read.PositiveDuration("real.retry.initial-backoff"),
            RetryMaxBackoff = read.PositiveDuration("real.retry.max-backoff"),
            RetryCodes = retryCodes,
            MaxInFlight = read.PositiveInt("real.max-in-flight"),
            LongPollTimeout = read.PositiveDuration("real.long-poll-timeout"),
            MaxLongPolls = read.PositiveInt("real.max-long-polls"),
            NamespaceRetention = read.PositiveDuration("real.namespace-retention"),
            NamespaceReadyTimeout = read.PositiveDuration("real.namespace-ready-timeout"),
        };
    }

    /// <summary>The settings with secrets left out.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("RealBackendSettings { ");
        text.Append($"TargetHost = {TargetHost}, ApiKey = {(ApiKey is null ? "none" : "(set, hidden)")}, Identity = {Identity}, ");
        text.Append($"Tls = {(UsesTls ? "on" : "off")}, ServerCaCert = {(ServerCaCert is null ? "system roots" : "(file)")}, ");
        text.Append($"ClientCert = {(ClientCert is null ? "none" : "(file)")}, ClientKey = {(ClientKey is null ? "none" : "(set, hidden)")}, ");
        text.Append($"ServerName = {ServerName ?? "(host)"}, ConnectTimeout = {ConnectTimeout}, RpcTimeout = {RpcTimeout}, ");
        text.Append($"QueryTimeout = {QueryTimeout}, UpdateTimeout = {UpdateTimeout}, ");
        text.Append($"Retry = {RetryMaxAttempts} attempts [{string.Join(", ", RetryCodes.Order())}], MaxInFlight = {MaxInFlight}, LongPollTimeout = {LongPollTimeout}, MaxLongPolls = {MaxLongPolls} }}");
        return text.ToString();
    }

    // api-key, else the key file, else $TEMPORAL_API_KEY. Nothing read from the file is ever put in a message.
    private static string? ApiKeyOf(ConfigReader read)
    {
        if (NullIfEmpty(read.String("real.api-key", allowEmpty: true)) is { } key) return key;
        if (NullIfEmpty(read.String("real.api-key-file", allowEmpty: true))?.Trim() is not { } path)
            return NullIfEmpty(read.EnvironmentVariable("TEMPORAL_API_KEY") ?? "");
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw read.Invalid("real.api-key-file", $"= \"{path}\" cannot be read: {e.Message}");
        }
        var fromFile = text.Trim();
        if (fromFile.Length == 0) throw read.Invalid("real.api-key-file", $"= \"{path}\" is empty; it must hold the API key");
        if (fromFile.Any(char.IsControl))
            throw read.Invalid("real.api-key-file", $"= \"{path}\" holds more than the key (a line break or control character); it must hold the key alone");
        return fromFile;
    }

    private static string DefaultIdentity() => $"{Environment.ProcessId}@{Environment.MachineName}";

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static byte[]? File(ConfigReader read, string key, string environmentVariable)
    {
        var path = NullIfEmpty(read.StringOrEnvironment(key, environmentVariable, ""));
        if (path is null) return null;
        try
        {
            return System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw read.Invalid(key, $"= \"{path}\" cannot be read: {e.Message}");
        }
    }

    private static StatusCode ParseCode(ConfigReader read, string code)
    {
        var normalized = code.Trim().Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<StatusCode>(normalized, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw read.Invalid("real.retry.codes", $"holds \"{code}\", which is not a gRPC status code name (e.g. UNAVAILABLE)");
    }
}
