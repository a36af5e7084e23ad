using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;

namespace Hourglass.FakeTemporal.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-fake-tls-").FullName;

    public void Dispose()
    {
        _certificates.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_client_connects_over_TLS_trusting_the_test_authority_from_PEM_files()
    {
        var files = _certificates.WritePemFiles(_folder);
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { ServerCertificate = _certificates.Server });

        var connection = await ConnectAsync(server, o => o.Tls = new TlsOptions
        {
            ServerRootCACert = File.ReadAllBytes(files.AuthorityCertificate),
            Domain = "localhost",
        });
        var described = await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        Assert.True(server.UsesTls);
        Assert.Equal("default", described.NamespaceInfo.Name);
    }

    [Fact]
    public async Task Without_trusting_the_authority_or_without_TLS_the_client_cannot_connect()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { ServerCertificate = _certificates.Server });

        var untrusted = await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server, o => o.Tls = new TlsOptions { Domain = "localhost" }));
        Assert.Contains("UnknownIssuer", untrusted.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Mutual_TLS_lets_in_a_client_certificate_from_the_authority_and_only_that()
    {
        var files = _certificates.WritePemFiles(_folder);
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions
        {
            ServerCertificate = _certificates.Server,
            RequireClientCertificate = true,
            ClientCertificateAuthority = _certificates.Authority,
        });
        TlsOptions Tls(byte[]? cert, byte[]? key) => new()
        {
            ServerRootCACert = File.ReadAllBytes(files.AuthorityCertificate),
            Domain = "localhost",
            ClientCert = cert,
            ClientPrivateKey = key,
        };

        var connection = await ConnectAsync(server, o => o.Tls = Tls(File.ReadAllBytes(files.ClientCertificate), File.ReadAllBytes(files.ClientPrivateKey)));
        await connection.WorkflowService.DescribeNamespaceAsync(DescribeDefault, Rpc());

        await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server, o => o.Tls = Tls(null, null)));
        using var strangers = TestCertificates.Create();
        await Assert.ThrowsAsync<InvalidOperationException>(() => ConnectAsync(server, o => o.Tls = Tls(strangers.ClientPemBytes, strangers.ClientKeyPemBytes)));

        // Only the admitted client got as far as a call.
        Assert.Equal(["GetSystemInfo", "DescribeNamespace"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public void The_certificates_are_issued_by_the_authority_for_their_uses()
    {
        Assert.True(_certificates.Server.HasPrivateKey);
        Assert.True(_certificates.Client.HasPrivateKey);
        Assert.Equal(_certificates.Authority.Subject, _certificates.Server.Issuer);
        Assert.Equal(_certificates.Authority.Subject, _certificates.Client.Issuer);
        Assert.True(_certificates.Server.MatchesHostname("localhost"));
        Assert.True(_certificates.Server.MatchesHostname("127.0.0.1"));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", _certificates.ClientKeyPem);
    }
}
