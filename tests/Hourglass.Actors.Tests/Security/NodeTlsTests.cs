using Akka.Actor.Setup;
using Akka.Remote.Transport.DotNetty;
using Hourglass.Backends.Mock;
using Hourglass.Cluster;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Hourglass.Tests.Host;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Security;

/// <summary>
/// A <c>serve</c> node with mutual TLS between nodes (its certificate, key and authority from PEM
/// files written by <see cref="TestCertificates"/>), its real backend on a fake Temporal frontend.
/// </summary>
public sealed class TlsNode : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = TestCertificates.Create();

    /// <summary>Certificates of another authority: right in form, wrong in trust.</summary>
    public TestCertificates Strangers { get; } = TestCertificates.Create("stranger.example");

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"hourglass-node-tls-{Guid.NewGuid():N}");

    public TestCertificateFiles Files { get; private set; } = null!;

    public TestCertificateFiles StrangerFiles { get; private set; } = null!;

    public FakeTemporalServer Server { get; private set; } = null!;

    public RunningNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Files = Certificates.WritePemFiles(Directory);
        StrangerFiles = Strangers.WritePemFiles(Path.Combine(Directory, "stranger"));
        Server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(["default"]) });
        Node = await RunningNode.StartAsync("--address", Server.Target,
            "--node-tls-cert", Files.ServerCertificate, "--node-tls-key", Files.ServerPrivateKey, "--node-tls-ca", Files.AuthorityCertificate);
    }

    public async Task DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        Certificates.Dispose();
        Strangers.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>
/// Mutual TLS between nodes: a peer whose certificate the node's authority signed is served; one
/// without such a certificate — plain TCP, TLS without a client certificate, a certificate of
/// another authority — gets no reply, and none of its operations reaches the router (nor Temporal).
/// </summary>
public sealed class NodeTlsTests(TlsNode tls) : IClassFixture<TlsNode>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan NoReplyWithin = TimeSpan.FromSeconds(5);

    private RunningNode Node => tls.Node;

    private TestCertificateFiles Files => tls.Files;

    [Fact]
    public async Task The_node_is_up_at_a_TLS_address_and_serves_the_CLI_with_a_certificate_its_authority_signed()
    {
        Assert.StartsWith("akka.ssl.tcp://hourglass@127.0.0.1:", Node.Address);

        var run = await CliRun.Of("start", "OrderWorkflow", "tls-cli", "--via", Node.Address,
            "--node-tls-cert", Files.ClientCertificate, "--node-tls-key", Files.ClientPrivateKey, "--node-tls-ca", Files.AuthorityCertificate);

        Assert.True(run.Code == 0, $"{run}\n{Node}");
        var started = await tls.Server.WaitForRequestAsync<StartWorkflowExecutionRequest>(r => r.WorkflowId == "tls-cli").WaitAsync(Patience);
        Assert.Equal("OrderWorkflow", started.WorkflowType.Name);
    }

    [Fact]
    public async Task A_system_with_NodeTls_from_the_authoritys_files_asks_the_node()
    {
        var client = NodeTls.FromPemFiles(Files.ClientCertificate, Files.ClientPrivateKey, Files.AuthorityCertificate);
        // A peer that speaks Hourglass: the reference config binds its messages to HourglassSerializer.
        await using var peer = HostilePeer.Start(client.Config.WithFallback(HourglassConfig.Default()), ActorSystemSetup.Empty.And(client.Setup));

        var started = await peer.Selection($"{Node.Address}/user/hourglass")
            .Ask<WorkflowStarted>(new StartWorkflow("OrderWorkflow", "tls-system"), Patience);

        Assert.Equal("tls-system", started.Handle.WorkflowId);
    }

    [Fact]
    public async Task Peers_without_a_certificate_of_the_nodes_authority_get_no_reply_and_reach_nothing()
    {
        var plainAddress = Node.Address.Replace("akka.ssl.tcp://", "akka.tcp://", StringComparison.Ordinal);
        const string tlsOn = "akka.remote.dot-netty.tcp.enable-ssl = on";
        var intruders = new (string WorkflowId, string Address, Func<HostilePeer> Start)[]
        {
            // Plain TCP to the TLS port.
            ("intruder-plain", plainAddress, () => HostilePeer.Start()),
            // TLS, trusting any server, presenting a client certificate of another authority.
            ("intruder-stranger", Node.Address, () => HostilePeer.Start(tlsOn,
                ActorSystemSetup.Empty.And(new DotNettySslSetup(tls.Strangers.Client, suppressValidation: true, requireMutualAuthentication: true)))),
            // TLS, presenting no client certificate at all.
            ("intruder-anonymous", Node.Address, () => HostilePeer.Start(tlsOn + "\nakka.remote.dot-netty.tcp.ssl.require-mutual-authentication = off",
                ActorSystemSetup.Empty.And(new DotNettySslSetup(tls.Strangers.Server, suppressValidation: true, requireMutualAuthentication: false)))),
        };

        foreach (var (workflowId, address, start) in intruders)
        {
            await using var intruder = start();
            var reply = intruder.Selection($"{address}/user/hourglass").Ask<object>(new StartWorkflow("OrderWorkflow", workflowId), NoReplyWithin);
            await Assert.ThrowsAsync<AskTimeoutException>(() => reply);
        }

        // Akka.Remote itself refuses a client without a certificate; the others reach the node's check of the authority.
        await Node.Log.WaitForLineAsync(l => l.Contains("Mutual TLS required but client did not provide a certificate"), Patience);
        await Node.Log.WaitForLineAsync(l => l.Contains("Node TLS refused") && l.Contains("is not signed by this node's authority"), Patience);
        // The node still serves those it admits, and Temporal never heard of the intruders.
        var run = await CliRun.Of("start", "OrderWorkflow", "tls-after-intruders", "--via", Node.Address,
            "--node-tls-cert", Files.ClientCertificate, "--node-tls-key", Files.ClientPrivateKey, "--node-tls-ca", Files.AuthorityCertificate);
        Assert.True(run.Code == 0, run.ToString());
        await tls.Server.WaitForRequestAsync<StartWorkflowExecutionRequest>(r => r.WorkflowId == "tls-after-intruders").WaitAsync(Patience);
        Assert.DoesNotContain(tls.Server.RequestsOf<StartWorkflowExecutionRequest>(), r => r.WorkflowId.StartsWith("intruder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_TLS_node_address_without_node_TLS_options_is_a_usage_error()
    {
        var run = await CliRun.Of("describe", "wf-1", "--via", Node.Address);

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("is a node with node TLS: give --node-tls-cert, --node-tls-key and --node-tls-ca", run.Error);
    }

    [Fact]
    public async Task Node_TLS_options_without_via_are_a_usage_error()
    {
        var run = await CliRun.Of("describe", "wf-1", "--node-tls-cert", Files.ClientCertificate);

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("--node-tls-cert is for reaching a node: they go with --via", run.Error);
    }

    [Theory]
    [InlineData("only-cert", "--node-tls-key / $HOURGLASS_NODE_TLS_KEY (hourglass.node-tls.key-file) is needed too")]
    [InlineData("wrong-key", "is not the PEM private key of --node-tls-cert")]
    [InlineData("stranger-cert", "is not signed by --node-tls-ca / $HOURGLASS_NODE_TLS_CA (hourglass.node-tls.authority-file)")]
    [InlineData("missing-ca", "--node-tls-ca / $HOURGLASS_NODE_TLS_CA (hourglass.node-tls.authority-file) = \"")]
    public async Task A_node_TLS_mistake_stops_serve_with_exit_2_naming_the_option(string mistake, string message)
    {
        string[] options = mistake switch
        {
            "only-cert" => ["--node-tls-cert", Files.ServerCertificate],
            "wrong-key" => ["--node-tls-cert", Files.ServerCertificate, "--node-tls-key", Files.ClientPrivateKey, "--node-tls-ca", Files.AuthorityCertificate],
            "stranger-cert" => ["--node-tls-cert", tls.StrangerFiles.ServerCertificate, "--node-tls-key", tls.StrangerFiles.ServerPrivateKey,
                "--node-tls-ca", Files.AuthorityCertificate],
            _ => ["--node-tls-cert", Files.ServerCertificate, "--node-tls-key", Files.ServerPrivateKey, "--node-tls-ca", Path.Combine(tls.Directory, "none.pem")],
        };

        var run = await CliRun.Of(["serve", "--port", "0", "--mock", .. options]);

        Assert.True(run.Code == HourglassCli.UsageError, run.ToString());
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("node up", run.Output);
    }
}
