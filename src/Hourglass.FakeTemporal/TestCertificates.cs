using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hourglass.FakeTemporal;

/// <summary>
/// Throwaway certificates for TLS tests: a certificate authority, a server certificate it issued
/// (for a domain, "localhost" by default, and 127.0.0.1 / ::1) and a client certificate it issued,
/// all ECDSA P-256, valid from a day ago for <c>validFor</c>. Nothing touches a certificate store.
/// </summary>
/// <example><code>
/// using var certs = TestCertificates.Create();
/// await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions
/// {
///     ServerCertificate = certs.Server,
///     RequireClientCertificate = true,
///     ClientCertificateAuthority = certs.Authority,
/// });
/// var connection = await TemporalConnection.ConnectAsync(new TemporalConnectionOptions(server.Target)
/// {
///     Tls = new TlsOptions
///     {
///         ServerRootCACert = certs.AuthorityPemBytes,
///         Domain = certs.Domain,
///         ClientCert = certs.ClientPemBytes,
///         ClientPrivateKey = certs.ClientKeyPemBytes,
///     },
/// });
/// </code></example>
public sealed class TestCertificates : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private TestCertificates(string domain, X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client,
        string serverKeyPem, string clientKeyPem)
    {
        Domain = domain;
        Authority = authority;
        Server = server;
        Client = client;
        ServerKeyPem = serverKeyPem;
        ClientKeyPem = clientKeyPem;
    }

    /// <summary>The DNS name the server certificate is issued for (clients pass it as the TLS domain).</summary>
    public string Domain { get; }

    /// <summary>The certificate authority (with its private key) that issued the other two.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate with its private key, for <see cref="FakeTemporalOptions.ServerCertificate"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The client certificate with its private key (extended key usage: client authentication).</summary>
    public X509Certificate2 Client { get; }

    /// <summary>The authority's certificate as PEM (what a client trusts: <c>TlsOptions.ServerRootCACert</c>).</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>The server certificate as PEM.</summary>
    public string ServerPem => Server.ExportCertificatePem();

    /// <summary>The server's private key as PKCS#8 PEM.</summary>
    public string ServerKeyPem { get; }

    /// <summary>The client certificate as PEM (<c>TlsOptions.ClientCert</c>).</summary>
    public string ClientPem => Client.ExportCertificatePem();

    /// <summary>The client's private key as PKCS#8 PEM (<c>TlsOptions.ClientPrivateKey</c>).</summary>
    public string ClientKeyPem { get; }

    /// <summary><see cref="AuthorityPem"/> as UTF-8 bytes, the form Temporalio's <c>TlsOptions</c> takes.</summary>
    public byte[] AuthorityPemBytes => System.Text.Encoding.UTF8.GetBytes(AuthorityPem);

    /// <summary><see cref="ClientPem"/> as UTF-8 bytes.</summary>
    public byte[] ClientPemBytes => System.Text.Encoding.UTF8.GetBytes(ClientPem);

    /// <summary><see cref="ClientKeyPem"/> as UTF-8 bytes.</summary>
    public byte[] ClientKeyPemBytes => System.Text.Encoding.UTF8.GetBytes(ClientKeyPem);

    /// <summary>Creates a fresh authority, server and client certificate.</summary>
    /// <param name="domain">The DNS name for the server certificate; "localhost" by default.</param>
    /// <param name="validFor">How long from now they stay valid; 7 days by default.</param>
    public static TestCertificates Create(string domain = "localhost", TimeSpan? validFor = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromDays(7));

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Hourglass Fake Temporal Test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        var sans = new SubjectAlternativeNameBuilder();
        sans.AddDnsName(domain);
        sans.AddIpAddress(IPAddress.Loopback);
        sans.AddIpAddress(IPAddress.IPv6Loopback);
        var (server, serverKeyPem) = Issue(authority, $"CN={domain}", ServerAuthentication, sans.Build(), notBefore, notAfter);
        var (client, clientKeyPem) = Issue(authority, "CN=Hourglass Fake Temporal Test Client", ClientAuthentication, null, notBefore, notAfter);
        return new TestCertificates(domain, Reload(authority), server, client, serverKeyPem, clientKeyPem);
    }

    /// <summary>
    /// Writes the PEM files (ca.pem, server.pem, server.key, client.pem, client.key) into
    /// <paramref name="directory"/>, creating it if needed, and returns their paths.
    /// </summary>
    /// <param name="directory">Where to write; a test's temporary folder.</param>
    public TestCertificateFiles WritePemFiles(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new TestCertificateFiles(
            Path.Combine(directory, "ca.pem"),
            Path.Combine(directory, "server.pem"),
            Path.Combine(directory, "server.key"),
            Path.Combine(directory, "client.pem"),
            Path.Combine(directory, "client.key"));
        File.WriteAllText(files.AuthorityCertificate, AuthorityPem);
        File.WriteAllText(files.ServerCertificate, ServerPem);
        File.WriteAllText(files.ServerPrivateKey, ServerKeyPem);
        File.WriteAllText(files.ClientCertificate, ClientPem);
        File.WriteAllText(files.ClientPrivateKey, ClientKeyPem);
        return files;
    }

    /// <summary>Releases the certificates.</summary>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static (X509Certificate2 Certificate, string KeyPem) Issue(X509Certificate2 authority, string subject, string usage,
        X509Extension? alternativeNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usage) }, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (alternativeNames is not null) request.CertificateExtensions.Add(alternativeNames);

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(authority, notBefore, notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return (Reload(withKey), key.ExportPkcs8PrivateKeyPem());
    }

    // A certificate whose key lives only in memory can trip TLS stacks; a PKCS#12 round trip gives a plain one.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}

/// <summary>Where <see cref="TestCertificates.WritePemFiles"/> wrote the PEM files.</summary>
/// <param name="AuthorityCertificate">The certificate authority (ca.pem).</param>
/// <param name="ServerCertificate">The server certificate (server.pem).</param>
/// <param name="ServerPrivateKey">The server private key, PKCS#8 (server.key).</param>
/// <param name="ClientCertificate">The client certificate (client.pem).</param>
/// <param name="ClientPrivateKey">The client private key, PKCS#8 (client.key).</param>
public sealed record TestCertificateFiles(
    string AuthorityCertificate,
    string ServerCertificate,
    string ServerPrivateKey,
    string ClientCertificate,
    string ClientPrivateKey);
