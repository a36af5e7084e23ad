using System.Text.Json.Serialization;
using Hourglass.Configuration;

namespace Hourglass.Hosting;

/// <summary>
/// The real backend's settings for <see cref="HourglassHostingExtensions.WithHourglass"/>; each
/// renders to its <c>hourglass.real</c> key, and null keeps the configured (or reference) value.
/// </summary>
public sealed class RealBackendOptions
{
    /// <summary>host:port of the Temporal frontend (<c>target-host</c>).</summary>
    public string? TargetHost { get; set; }

    /// <summary>
    /// The API key (<c>api-key</c>). It goes into the system's HOCON, which
    /// <c>akka.log-config-on-start = on</c> prints: prefer <see cref="ApiKeyFile"/> or the
    /// <c>TEMPORAL_API_KEY</c> environment variable. Hidden in JSON (<c>"***"</c>).
    /// </summary>
    [JsonConverter(typeof(RedactedStringConverter))]
    public string? ApiKey { get; set; }

    /// <summary>
    /// A file holding the API key alone (<c>api-key-file</c>), read when the system starts; only
    /// its path goes into the HOCON. Set this or <see cref="ApiKey"/>, not both.
    /// </summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>The identity on every request (<c>identity</c>).</summary>
    public string? Identity { get; set; }

    /// <summary>Whether to use TLS (<c>tls.mode</c>).</summary>
    public TlsMode? Tls { get; set; }

    /// <summary>PEM file of the server's CA (<c>tls.server-ca-cert-file</c>).</summary>
    public string? ServerCaCertFile { get; set; }

    /// <summary>PEM file of the client certificate (<c>tls.client-cert-file</c>).</summary>
    public string? ClientCertFile { get; set; }

    /// <summary>PEM file of the client key (<c>tls.client-key-file</c>).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Name to verify the server certificate against (<c>tls.server-name</c>).</summary>
    public string? ServerName { get; set; }

    /// <summary>Longest wait for the connection (<c>connect-timeout</c>).</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Longest wait for one RPC (<c>rpc-timeout</c>).</summary>
    public TimeSpan? RpcTimeout { get; set; }

    /// <summary>Longest wait for a QueryWorkflow call (<c>query-timeout</c>).</summary>
    public TimeSpan? QueryTimeout { get; set; }

    /// <summary>Longest wait for an UpdateWorkflow operation, every call included (<c>update-timeout</c>).</summary>
    public TimeSpan? UpdateTimeout { get; set; }

    /// <summary>Attempts in all for a transient failure (<c>retry.max-attempts</c>).</summary>
    public int? RetryMaxAttempts { get; set; }

    /// <summary>Operations in flight at once (<c>max-in-flight</c>).</summary>
    public int? MaxInFlight { get; set; }

    /// <summary>Retention of namespaces EnsureNamespace registers (<c>namespace-retention</c>).</summary>
    public TimeSpan? NamespaceRetention { get; set; }

    internal void Render(HoconWriter hocon)
    {
        hocon.String("hourglass.real.target-host", TargetHost);
        if (ApiKey is not null && ApiKeyFile is not null)
            throw new ArgumentException("set RealBackendOptions.ApiKey or ApiKeyFile, not both");
        // The one given wins over whatever the application's config says of the other.
        hocon.String("hourglass.real.api-key", ApiKey ?? (ApiKeyFile is null ? null : ""));
        hocon.String("hourglass.real.api-key-file", ApiKeyFile ?? (ApiKey is null ? null : ""));
        hocon.String("hourglass.real.identity", Identity);
        hocon.Raw("hourglass.real.tls.mode", Tls?.ToString().ToLowerInvariant());
        hocon.String("hourglass.real.tls.server-ca-cert-file", ServerCaCertFile);
        hocon.String("hourglass.real.tls.client-cert-file", ClientCertFile);
        hocon.String("hourglass.real.tls.client-key-file", ClientKeyFile);
        hocon.String("hourglass.real.tls.server-name", ServerName);
        hocon.Duration("hourglass.real.connect-timeout", ConnectTimeout);
        hocon.Duration("hourglass.real.rpc-timeout", RpcTimeout);
        hocon.Duration("hourglass.real.query-timeout", QueryTimeout);
        hocon.Duration("hourglass.real.update-timeout", UpdateTimeout);
        hocon.Number("hourglass.real.retry.max-attempts", RetryMaxAttempts);
        hocon.Number("hourglass.real.max-in-flight", MaxInFlight);
        hocon.Duration("hourglass.real.namespace-retention", NamespaceRetention);
    }
}
