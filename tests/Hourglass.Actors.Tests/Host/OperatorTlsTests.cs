using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;

namespace Hourglass.Tests.Host;

/// <summary>The TLS options reach the connection: mutual TLS against the fake frontend, from PEM files.</summary>
public sealed class OperatorTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-cli-tls-").FullName;
    private FakeTemporalServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions
    {
        ServerCertificate = _certificates.Server,
        RequireClientCertificate = true,
        ClientCertificateAuthority = _certificates.Authority,
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Mutual_TLS_from_the_command_line_options()
    {
        var files = _certificates.WritePemFiles(_folder);

        var run = await CliRun.Of("ensure-namespace", "billing", "--address", _server.Target, "--json",
            "--tls-ca", files.AuthorityCertificate, "--tls-cert", files.ClientCertificate, "--tls-key", files.ClientPrivateKey,
            "--tls-server-name", "localhost");
        var withoutClientCertificate = await CliRun.Of("ensure-namespace", "billing", "--address", _server.Target, "--json",
            "--tls-ca", files.AuthorityCertificate, "--tls-server-name", "localhost");
        var plaintext = await CliRun.Of("ensure-namespace", "billing", "--address", _server.Target, "--json", "--no-tls");

        Assert.True(run.Code == 0, run.ToString());
        Assert.True(run.Json.GetProperty("created").GetBoolean());
        Assert.Equal(HourglassCli.OperationError, withoutClientCertificate.Code);
        Assert.Equal("PermissionDenied", withoutClientCertificate.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(HourglassCli.OperationError, plaintext.Code);
        // Plaintext against a TLS server: the server closes the connection, as a proxy with nothing behind it would.
        Assert.Equal("Unreachable", plaintext.Json.GetProperty("error").GetProperty("kind").GetString());
    }
}
