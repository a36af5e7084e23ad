using System.Security.Cryptography.X509Certificates;
using Hourglass.Backends.Mock;
using Microsoft.Extensions.Logging;

namespace Hourglass.FakeTemporal;

/// <summary>How a <see cref="FakeTemporalServer"/> is set up. Every setting has a usable default.</summary>
public sealed class FakeTemporalOptions
{
    /// <summary>
    /// The engine whose state the server serves. When null a new <see cref="InMemoryTemporal"/>
    /// with the namespace "default" is created.
    /// </summary>
    public InMemoryTemporal? Temporal { get; init; }

    /// <summary>The port to listen on at 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// When set, every call must carry the header <c>authorization: Bearer &lt;key&gt;</c> (what the
    /// Temporalio client sends for <c>TemporalConnectionOptions.ApiKey</c>); other calls are refused
    /// with UNAUTHENTICATED. The key never appears in messages or logs.
    /// </summary>
    public string? RequiredApiKey { get; init; }

    /// <summary>
    /// When set, the server speaks TLS (HTTP/2 negotiated by ALPN) with this certificate, which
    /// must carry its private key. <see cref="TestCertificates"/> makes a suitable one.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>
    /// When true (and <see cref="ServerCertificate"/> is set), the TLS handshake requires a client
    /// certificate issued by <see cref="ClientCertificateAuthority"/> (mutual TLS).
    /// </summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>
    /// The certificate authority client certificates must chain to when
    /// <see cref="RequireClientCertificate"/> is true. Required in that case.
    /// </summary>
    public X509Certificate2? ClientCertificateAuthority { get; init; }

    /// <summary>
    /// Configures the logging of the underlying ASP.NET Core host (Kestrel, gRPC). By default
    /// nothing is logged.
    /// </summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>
    /// How long <see cref="FakeTemporalServer.StopAsync"/> lets calls in progress finish before
    /// it drops their connections. Injected delays are cut short at once regardless. Default 1 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(1);
}
