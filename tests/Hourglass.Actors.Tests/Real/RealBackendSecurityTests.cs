using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Tests.Real;

/// <summary>The API key reaches the server and nowhere else.</summary>
public sealed class ApiKeyTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private const string Key = "hg-test-key-5f1c9e";

    protected override FakeTemporalOptions ServerOptions() => new() { RequiredApiKey = Key };

    [Fact]
    public void The_api_key_is_sent_as_a_bearer_token()
    {
        var router = StartRouter($"hourglass.real {{ api-key = \"{Key}\", tls.mode = off }}");

        router.Tell(new EnsureNamespace("default"));
        ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10));

        var describe = Server.Requests.Last(r => r.Request is DescribeNamespaceRequest);
        Assert.Equal($"Bearer {Key}", describe.Headers["authorization"]);
    }

    [Fact]
    public void A_refused_key_is_not_echoed_in_the_error()
    {
        var router = StartRouter("hourglass.real { api-key = \"wrong-key-77\", tls.mode = off, retry.max-attempts = 1 }");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        // The Temporalio client refuses at connect and reports only "Connection failed"; the probe of
        // the connect's first call meets UNAUTHENTICATED.
        var failed = ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("wrong-key-77", failed.Error.ToString());
    }

    [Fact]
    public void A_key_refused_after_connecting_is_PermissionDenied()
    {
        var router = StartRouter($"hourglass.real {{ api-key = \"{Key}\", tls.mode = off, retry.max-attempts = 1 }}");
        router.Tell(new EnsureNamespace("default"));
        ExpectMsg<NamespaceEnsured>(TimeSpan.FromSeconds(10));
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.Error(StatusCode.Unauthenticated, "API key expired"));

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        var failed = ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(Key, failed.Error.ToString());
    }

    [Fact]
    public void Settings_never_show_the_key()
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString($"hourglass.real.api-key = \"{Key}\""));

        Assert.Equal(Key, settings.Real.ApiKey);
        Assert.DoesNotContain(Key, settings.ToString());
        Assert.DoesNotContain(Key, settings.Real.ToString());
        Assert.Contains("(set, hidden)", settings.Real.ToString());
    }
}

/// <summary>TLS and mutual TLS configured from PEM files.</summary>
public sealed class MutualTlsTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-tls-").FullName;

    protected override FakeTemporalOptions ServerOptions() => new()
    {
        ServerCertificate = _certificates.Server,
        RequireClientCertificate = true,
        ClientCertificateAuthority = _certificates.Authority,
    };

    [Fact]
    public void Mutual_tls_from_pem_files_connects_and_serves()
    {
        var files = _certificates.WritePemFiles(_folder);
        var router = StartRouter($$"""
            hourglass.real {
              target-host = "localhost:{{Server.Port}}"
              tls {
                mode = on
                server-ca-cert-file = "{{files.AuthorityCertificate}}"
                client-cert-file = "{{files.ClientCertificate}}"
                client-key-file = "{{files.ClientPrivateKey}}"
                server-name = "localhost"
              }
            }
            """);

        router.Tell(new StartWorkflow("T", "over-tls"));

        ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10));
        Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
    }

    [Fact]
    public void Without_the_client_certificate_the_server_refuses_and_the_error_is_PermissionDenied()
    {
        var files = _certificates.WritePemFiles(_folder);
        var router = StartRouter($$"""
            hourglass.real {
              target-host = "localhost:{{Server.Port}}"
              retry.max-attempts = 1
              tls { mode = on, server-ca-cert-file = "{{files.AuthorityCertificate}}" }
            }
            """);

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_missing_tls_file_fails_at_start_naming_the_key()
    {
        var e = Assert.Throws<ConfigurationException>(() => HourglassSettings.Create(ConfigurationFactory.ParseString(
            "hourglass.real.tls.server-ca-cert-file = \"/nonexistent/ca.pem\"")));

        Assert.Contains("hourglass.real.tls.server-ca-cert-file", e.Message);
    }

    [Fact]
    public void A_client_certificate_without_its_key_fails_at_start()
    {
        var files = _certificates.WritePemFiles(_folder);
        var e = Assert.Throws<ConfigurationException>(() => HourglassSettings.Create(ConfigurationFactory.ParseString(
            $"hourglass.real.tls.client-cert-file = \"{files.ClientCertificate}\"")));

        Assert.Contains("hourglass.real.tls.client-key-file", e.Message);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _certificates.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
        base.Dispose(disposing);
    }
}
