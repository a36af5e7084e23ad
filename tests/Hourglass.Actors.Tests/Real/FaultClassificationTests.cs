using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>
/// Transport failures after connecting, behind an L4 proxy that resets, closes or stops forwarding:
/// classified from the RpcException's code and the absence of a server-sent status, never its text.
/// </summary>
public sealed class TransportFaultTests(ITestOutputHelper output) : RealBackendTestKit(output), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private LoopbackProxy _proxy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _proxy = LoopbackProxy.Start(Server.Port);
    }

    public override async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await base.DisposeAsync();
    }

    // Connected through the proxy, with one attempt per call so each failure shows as it is classified.
    private IActorRef ConnectedThroughProxy(string extra = "retry.max-attempts = 1")
    {
        var router = StartRouter($"hourglass.real {{ target-host = \"{_proxy.Target}\", {extra} }}");
        router.Tell(new StartWorkflow("T", "connected"));
        ExpectMsg<WorkflowStarted>(Patience);
        return router;
    }

    [Theory]
    [InlineData(LoopbackProxyMode.Reset)]
    [InlineData(LoopbackProxyMode.Close)]
    [InlineData(LoopbackProxyMode.Forward)] // the server behind it is stopped: the proxy resets what it cannot forward
    public async Task A_proxy_that_resets_or_closes_connections_to_a_stopped_server_is_Unreachable(LoopbackProxyMode mode)
    {
        var router = ConnectedThroughProxy();
        await Server.StopAsync();
        _proxy.Mode = mode;
        _proxy.ResetConnections();

        for (var i = 0; i < 3; i++)
        {
            router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("connected")));
            var failed = ExpectFailure(ErrorKind.Unreachable, Patience);
            // The client's own code for a broken transport, with no status from any server.
            Assert.Contains(failed.Error.GrpcCode, new int?[] { 1, 2, 14 });
            Assert.True(failed.Error.IsTransient);
        }

        _proxy.Mode = LoopbackProxyMode.Forward;
        await Server.RestartAsync();
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("connected")));
        ExpectMsg<WorkflowDescribed>(Patience);
    }

    [Fact]
    public void Connection_resets_are_retried_with_the_same_request_id_and_served()
    {
        var router = ConnectedThroughProxy("retry { max-attempts = 5, initial-backoff = 20ms }");
        Server.InjectFault("StartWorkflowExecution", FakeFault.DropConnection(), times: 2);
        var start = new StartWorkflow("T", "after-resets");

        router.Tell(start);

        ExpectMsg<WorkflowStarted>(Patience);
        var sent = Server.RequestsOf<StartWorkflowExecutionRequest>().Where(s => s.WorkflowId == "after-resets").ToArray();
        Assert.Equal(3, sent.Length);
        Assert.All(sent, s => Assert.Equal(start.RequestId, s.RequestId));
    }

    [Fact]
    public void A_dropped_connection_is_Unreachable_and_a_reset_stream_a_transient_Rpc()
    {
        var router = ConnectedThroughProxy();
        Server.InjectFault("DescribeWorkflowExecution", FakeFault.DropConnection());
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("connected")));
        Assert.Equal(2, ExpectFailure(ErrorKind.Unreachable, Patience).Error.GrpcCode); // UNKNOWN "transport error"

        Server.InjectFault("DescribeWorkflowExecution", FakeFault.AbortCall());
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("connected")));
        var aborted = ExpectFailure(ErrorKind.Rpc, Patience);
        Assert.Equal(13, aborted.Error.GrpcCode); // INTERNAL: the client's h2 protocol error for RST_STREAM
        Assert.True(aborted.Error.IsTransient);
    }

    [Fact]
    public void A_proxy_that_stops_forwarding_is_a_Timeout_within_rpc_timeout()
    {
        var router = ConnectedThroughProxy("rpc-timeout = 500ms, retry.max-attempts = 3");
        _proxy.Mode = LoopbackProxyMode.Blackhole;
        var clock = Stopwatch.StartNew();

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("connected")));

        var failed = ExpectFailure(ErrorKind.Timeout, Patience);
        Assert.Contains("rpc-timeout", failed.Error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public void A_server_that_accepts_and_never_answers_is_Unreachable_within_the_calls_deadline()
    {
        using var silent = new SilentServer();
        // connect-timeout far past the deadline: the deadline bounds the wait for the connection.
        var router = StartRouter($"hourglass.real {{ target-host = \"{silent.Target}\", connect-timeout = 30s, rpc-timeout = 400ms, retry.max-attempts = 3 }}");
        var clock = Stopwatch.StartNew();

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        var failed = ExpectFailure(ErrorKind.Unreachable, Patience);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"answered after {clock.Elapsed}");
        Assert.Contains("rpc-timeout", failed.Error.Message);

        // Every call is bounded the same way, and every one says the same thing.
        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));
        Assert.Contains("rpc-timeout", ExpectFailure(ErrorKind.Unreachable, Patience).Error.Message);
    }

    [Fact]
    public void A_refused_tcp_connect_is_Unreachable_and_retried()
    {
        int port;
        using (var free = new TcpListener(IPAddress.Loopback, 0))
        {
            free.Start();
            port = ((IPEndPoint)free.LocalEndpoint).Port;
        }
        var router = StartRouter($"hourglass.real {{ target-host = \"127.0.0.1:{port}\", retry.max-attempts = 3 }}");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        var failed = ExpectFailure(ErrorKind.Unreachable, Patience);
        Assert.Contains("refused", failed.Error.Message);
        Assert.True(failed.Error.IsTransient);
    }

    /// <summary>Accepts TCP connections and never sends a byte.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = new();

        public SilentServer()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await _listener.AcceptSocketAsync();
                        lock (_accepted) _accepted.Add(socket);
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            });
        }

        public string Target => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public void Dispose()
        {
            _listener.Stop();
            lock (_accepted)
            {
                foreach (var socket in _accepted) socket.Dispose();
            }
        }
    }
}

/// <summary>An API key refused at connect: PermissionDenied at once, neither retried nor polled until a deadline.</summary>
public sealed class RefusedKeyTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private const string Key = "hg-good-key-31";

    protected override FakeTemporalOptions ServerOptions() => new() { RequiredApiKey = Key };

    [Fact]
    public void A_refused_key_is_PermissionDenied_and_not_retried()
    {
        var router = StartRouter("hourglass.real { api-key = \"wrong-key-77\", tls.mode = off, retry.max-attempts = 5 }");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        var failed = ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10));
        Assert.False(failed.Error.IsTransient);
        Assert.Contains("UNAUTHENTICATED", failed.Error.Message);
        Assert.DoesNotContain("wrong-key-77", failed.Error.ToString());
        // One connect (its GetSystemInfo) and the probe's one call: no retry.
        Assert.Equal(2, Server.Requests.Count(r => r.Method == "GetSystemInfo"));
    }

    [Fact]
    public void An_await_with_a_refused_key_fails_at_once_not_at_its_deadline()
    {
        var router = StartRouter("hourglass.real { api-key = \"wrong-key-77\", tls.mode = off }");
        var clock = Stopwatch.StartNew();

        router.Tell(new AwaitWorkflow(WorkflowHandle.Latest("x"), TimeSpan.FromSeconds(30)));

        ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_transient_refusal_at_connect_is_retried_and_then_served()
    {
        var router = StartRouter($"hourglass.real {{ api-key = \"{Key}\", tls.mode = off, retry.max-attempts = 3 }}");
        Server.InjectFault("GetSystemInfo", FakeFault.Error(Temporalio.Exceptions.RpcException.StatusCode.Unavailable, "starting up"));

        router.Tell(new StartWorkflow("T", "after-unavailable"));

        ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10));
    }
}

/// <summary>A TLS handshake that retrying cannot fix is PermissionDenied, not retried.</summary>
public sealed class RefusedTlsTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-tls-").FullName;

    protected override FakeTemporalOptions ServerOptions() => new()
    {
        ServerCertificate = _certificates.Server,
        RequireClientCertificate = true,
        ClientCertificateAuthority = _certificates.Authority,
    };

    private IActorRef TlsRouter(string tls) => StartRouter($$"""
        hourglass.real {
          target-host = "localhost:{{Server.Port}}"
          retry.max-attempts = 3
          tls { {{tls}} }
        }
        """);

    [Fact]
    public void Without_the_client_certificate_the_refused_handshake_is_PermissionDenied()
    {
        var files = _certificates.WritePemFiles(_folder);
        var router = TlsRouter($"mode = on, server-name = localhost, server-ca-cert-file = \"{files.AuthorityCertificate}\"");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        var failed = ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10));
        Assert.Contains("client certificate", failed.Error.Message);
        Assert.False(failed.Error.IsTransient);
    }

    [Fact]
    public void A_server_certificate_this_client_does_not_trust_is_PermissionDenied()
    {
        var router = TlsRouter("mode = on, server-name = localhost");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        Assert.Contains("not trusted", ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10)).Error.Message);
    }

    [Fact]
    public void With_the_client_certificate_the_same_server_serves()
    {
        var files = _certificates.WritePemFiles(_folder);
        var router = TlsRouter($"""
            mode = on, server-name = localhost, server-ca-cert-file = "{files.AuthorityCertificate}"
            client-cert-file = "{files.ClientCertificate}", client-key-file = "{files.ClientPrivateKey}"
            """);

        router.Tell(new StartWorkflow("T", "over-mtls"));

        ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Plaintext_against_a_tls_server_looks_like_a_proxy_with_nothing_behind_it_Unreachable()
    {
        var router = TlsRouter("mode = off");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        // The server closes the connection without a word the client understands: documented as
        // indistinguishable from an L4 proxy that closes connections, so passing trouble.
        Assert.True(ExpectFailure(ErrorKind.Unreachable, TimeSpan.FromSeconds(10)).Error.IsTransient);
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

/// <summary>TLS from a client against a server that speaks plaintext: the handshake fails, PermissionDenied.</summary>
public sealed class TlsAgainstPlaintextTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    [Fact]
    public void Tls_against_a_plaintext_server_is_PermissionDenied()
    {
        var router = StartRouter("hourglass.real { tls.mode = on, retry.max-attempts = 3 }");

        router.Tell(new DescribeWorkflow(WorkflowHandle.Latest("x")));

        Assert.False(ExpectFailure(ErrorKind.PermissionDenied, TimeSpan.FromSeconds(10)).Error.IsTransient);
    }
}
