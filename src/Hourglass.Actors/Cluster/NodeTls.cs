using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Hourglass.Configuration;

namespace Hourglass.Cluster;

/// <summary>
/// Mutual TLS between nodes: Akka.Remote's DotNetty transport over TLS, each side presenting its
/// certificate and admitting only a peer whose certificate the configured authority (CA) signed.
/// A peer without such a certificate — plain TCP, no client certificate, another CA's — fails the
/// handshake and no message of it reaches an actor. Made from PEM files
/// (<c>hourglass.node-tls</c>), as <c>hourglass serve</c> and the CLI's <c>--via</c> do.
/// </summary>
/// <remarks>
/// Akka takes the certificate when a system is created, so a system of your own takes both parts:
/// <code>
/// var tls = NodeTls.FromPemFiles("node.pem", "node.key", "ca.pem");
/// var setup = BootstrapSetup.Create().WithConfig(tls.Config.WithFallback(yours)).And(tls.Setup);
/// var system = ActorSystem.Create("hourglass", setup);
/// </code>
/// (with Akka.Hosting: <c>builder.AddHocon(tls.Config, HoconAddMode.Prepend).AddSetup(tls.Setup)</c>).
/// Node addresses then read <c>akka.ssl.tcp://</c>. A node presents one certificate both when it
/// accepts and when it connects, so it should allow server and client authentication (or name no
/// extended key usage); the peer's host name is not checked against it — the authority is what
/// admits a peer. Revocation is not checked.
/// </remarks>
public sealed class NodeTls
{
    private const string Section = "hourglass.node-tls";

    private readonly X509Certificate2Collection _authorities;

    private NodeTls(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
        Setup = new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, customValidator: Admits);
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate and the peer check, for the system's <c>ActorSystemSetup</c>.</summary>
    public Setup Setup { get; }

    /// <summary>The transport settings that go with <see cref="Setup"/>: TLS on, client certificates required.</summary>
    public Config Config { get; } = ConfigurationFactory.ParseString("""
        akka.remote.dot-netty.tcp {
          enable-ssl = on
          ssl {
            suppress-validation = off
            require-mutual-authentication = on
          }
        }
        """);

    /// <summary>
    /// Node TLS from PEM files: this node's certificate, its private key, and the authority that
    /// signed the certificates of the nodes it admits (one or more certificates). Checked now: a
    /// file that cannot be read, a key that is not the certificate's, a certificate out of its
    /// validity or not signed by the authority throws a <see cref="ConfigurationException"/>.
    /// </summary>
    public static NodeTls FromPemFiles(string certificateFile, string keyFile, string authorityFile) =>
        Load(certificateFile, keyFile, authorityFile, "certificate file", "key file", "authority file");

    /// <summary>
    /// Node TLS as <c>hourglass.node-tls</c> in <paramref name="config"/> describes it; null when
    /// its files are all empty (no TLS). Mistakes throw a <see cref="ConfigurationException"/>
    /// naming the key.
    /// </summary>
    public static NodeTls? FromConfig(Config config)
    {
        var section = config.WithFallback(HourglassConfig.Default());
        var files = new[] { "certificate-file", "key-file", "authority-file" }
            .Select(key => (Key: $"{Section}.{key}", Path: section.GetString($"{Section}.{key}", "")?.Trim() ?? ""))
            .ToArray();
        if (files.All(f => f.Path.Length == 0)) return null;
        if (files.FirstOrDefault(f => f.Path.Length == 0) is { Key: not null } missing)
            throw new ConfigurationException($"Invalid Hourglass configuration: {missing.Key} is needed too: " +
                "node TLS takes this node's certificate, its key and the authority that signs the nodes' certificates");
        return Load(files[0].Path, files[1].Path, files[2].Path, files[0].Key, files[1].Key, files[2].Key);
    }

    private static NodeTls Load(string certificateFile, string keyFile, string authorityFile,
        string certificateName, string keyName, string authorityName)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(authorityFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw Invalid(authorityName, authorityFile, $"cannot be read as PEM certificates: {e.Message}");
        }
        if (authorities.Count == 0) throw Invalid(authorityName, authorityFile, "holds no PEM certificate");

        X509Certificate2 certificate;
        try
        {
            using var fromPem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            // A key that lives only in memory can trip TLS stacks; a PKCS#12 round trip gives a plain one.
            certificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{Prefix(certificateName)}{certificateName} = \"{certificateFile}\" " +
                $"or {keyName} = \"{keyFile}\" cannot be read: {e.Message}");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ConfigurationException($"{Prefix(keyName)}{keyName} = \"{keyFile}\" is not the PEM private key " +
                $"of {certificateName} = \"{certificateFile}\" (or one of them is not PEM): {e.Message}");
        }

        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
            throw Invalid(certificateName, certificateFile, $"is valid from {certificate.NotBefore:u} to {certificate.NotAfter:u}, not now");
        var tls = new NodeTls(certificate, authorities);
        if (tls.ChainProblem(certificate, null) is { } problem)
            throw Invalid(certificateName, certificateFile, $"is not signed by {authorityName} = \"{authorityFile}\": {problem}");
        return tls;
    }

    // The peer check, on both sides of every handshake: the peer's certificate must chain to one of
    // the configured authorities (not the system's roots).
    private bool Admits(X509Certificate2? certificate, X509Chain? chain, string peer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (certificate is null)
        {
            log.Warning("Node TLS refused {0}: it presented no certificate", peer);
            return false;
        }
        if (ChainProblem(certificate, chain) is not { } problem) return true;
        log.Warning("Node TLS refused {0}: its certificate {1} is not signed by this node's authority ({2})", peer, certificate.Subject, problem);
        return false;
    }

    private string? ChainProblem(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent along; trust still comes only from the configured authorities.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        if (chain.Build(certificate)) return null;
        var statuses = chain.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status.ToString()).Distinct();
        return string.Join(", ", statuses) is { Length: > 0 } text ? text : "no chain";
    }

    private static ConfigurationException Invalid(string key, string path, string problem) =>
        new($"{Prefix(key)}{key} = \"{path}\" {problem}");

    // A config key is named as every Hourglass setting is; a file passed in code as node TLS's.
    private static string Prefix(string key) =>
        key.StartsWith("hourglass.", StringComparison.Ordinal) ? "Invalid Hourglass configuration: " : "Node TLS: the ";
}
