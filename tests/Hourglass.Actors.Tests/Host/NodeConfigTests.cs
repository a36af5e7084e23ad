using System.Net;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Hourglass.Configuration;
using Hourglass.Host.Cli;
using Hourglass.Host.Node;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Tests.Host;

/// <summary>
/// The node's settings in layers — host.conf, HOURGLASS_* variables, --config, options — and the
/// pieces of <c>--via</c>, read without starting anything.
/// </summary>
public sealed class NodeConfigTests
{
    private const string Tcp = "akka.remote.dot-netty.tcp";

    private static Config Build(IReadOnlyDictionary<string, string>? environment = null, params string[] options)
    {
        var tree = new CommandTree();
        var parse = tree.Root.Parse(["serve", .. options]);
        Assert.Empty(parse.Errors);
        return NodeConfig.Build(parse, tree.Serve, name => environment?.GetValueOrDefault(name));
    }

    [Fact]
    public void The_profile_is_a_production_cluster_node_on_loopback()
    {
        var config = Build();
        var settings = HourglassSettings.Create(config);

        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal(("127.0.0.1", 4053), (config.GetString($"{Tcp}.hostname"), config.GetInt($"{Tcp}.port")));
        Assert.Equal(["hourglass"], config.GetStringList("akka.cluster.roles"));
        Assert.Empty(NodeConfig.SeedNodes(config));
        Assert.Equal(8L * 1024 * 1024, config.GetByteSize($"{Tcp}.maximum-frame-size"));
        Assert.Equal(config.GetByteSize($"{Tcp}.maximum-frame-size"), ViaNode.SystemConfig().GetByteSize($"{Tcp}.maximum-frame-size"));
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook"));
        Assert.Equal((BackendKind.Real, false), (settings.ClientBackend, settings.AllowOverrides));
        Assert.Equal("default", settings.DefaultTaskQueue);   // the reference config fills the rest
    }

    [Fact]
    public void The_profile_runs_behind_the_remote_guard_and_a_config_file_may_add_trusted_paths()
    {
        var config = Build();
        var file = WriteConfig("akka.remote.trusted-selection-paths = [\"/user/hourglass\", \"/system/cluster/core/daemon\", " +
            "\"/system/cluster/heartbeatReceiver\", \"/user/mine\"]");
        try
        {
            var widened = Build(null, "--config", file);

            Assert.True(config.GetBoolean("hourglass.remote-guard"));
            Assert.True(config.GetBoolean("akka.remote.untrusted-mode"));
            Assert.Equal(["/user/hourglass", "/system/cluster/core/daemon", "/system/cluster/heartbeatReceiver", "/system/remote-watcher"],
                config.GetStringList("akka.remote.trusted-selection-paths"));
            Assert.Equal("Hourglass.Serialization.Guards.JsonGuard, Hourglass.Actors", config.GetString("akka.actor.serializers.json"));
            // Every key of the guard is in force on the node, as HourglassConfig.RemoteGuard() has it.
            foreach (var (key, value) in HourglassConfig.RemoteGuard().AsEnumerable().SelectMany(e => Leaves(e.Key, e.Value)))
            {
                if (key == "akka.remote.trusted-selection-paths") continue;
                Assert.True(value == config.GetValue(key).ToString(), $"{key}: {config.GetValue(key)} on the node, {value} in the guard");
            }
            Assert.Contains("/user/mine", widened.GetStringList("akka.remote.trusted-selection-paths"));
            Assert.True(widened.GetBoolean("akka.remote.untrusted-mode"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void With_node_TLS_the_transport_is_TLS_and_seeds_are_reached_over_it()
    {
        using var certificates = Hourglass.FakeTemporal.TestCertificates.Create();
        var directory = Path.Combine(Path.GetTempPath(), $"hourglass-node-config-{Guid.NewGuid():N}");
        var files = certificates.WritePemFiles(directory);
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["HOURGLASS_NODE_TLS_CERT"] = files.ServerCertificate,
                ["HOURGLASS_NODE_TLS_KEY"] = files.ServerPrivateKey,
                ["HOURGLASS_NODE_TLS_CA"] = files.AuthorityCertificate,
            };
            var config = Build(environment, "--seed-nodes", "seed-a:4053,akka.tcp://hourglass@seed-b:4054,akka.ssl.tcp://hourglass@seed-c:4055");

            Assert.True(config.GetBoolean($"{Tcp}.enable-ssl"));
            Assert.True(config.GetBoolean($"{Tcp}.ssl.require-mutual-authentication"));
            Assert.Equal(["akka.ssl.tcp://hourglass@seed-a:4053", "akka.ssl.tcp://hourglass@seed-b:4054", "akka.ssl.tcp://hourglass@seed-c:4055"],
                NodeConfig.SeedNodes(config));
            Assert.False(Build().GetBoolean($"{Tcp}.enable-ssl"));
            var withoutTls = Assert.Throws<ConfigurationException>(() => Build(null, "--seed-nodes", "akka.ssl.tcp://hourglass@seed-c:4055"));
            Assert.Contains("is reached over TLS, but this node has no node TLS", withoutTls.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<(string Key, string Value)> Leaves(string path, HoconValue value) =>
        value.IsObject()
            ? value.GetObject().Items.SelectMany(i => Leaves($"{path}.{Quoted(i.Key)}", i.Value))
            : [(path, value.ToString())];

    private static string Quoted(string key) => key.Contains('.') || key == "null" ? $"\"{key}\"" : key;

    [Fact]
    public void Variables_beat_the_profile_the_config_file_beats_the_variables_and_options_beat_the_file()
    {
        var environment = new Dictionary<string, string>
        {
            ["HOURGLASS_HOSTNAME"] = "10.0.0.5",
            ["HOURGLASS_PUBLIC_HOSTNAME"] = "node-1.internal",
            ["HOURGLASS_PORT"] = "5001",
            ["HOURGLASS_SEED_NODES"] = "seed-a:4053, akka.tcp://hourglass@seed-b:4054",
        };
        var file = WriteConfig($"{Tcp}.port = 5002\n{Tcp}.public-hostname = \"from-file\"");
        try
        {
            var variables = Build(environment);
            var withFile = Build(environment, "--config", file);
            var withOptions = Build(environment, "--config", file, "--port", "5003", "--seed-nodes", "seed-c:4053", "--hostname", "0.0.0.0");

            Assert.Equal(("10.0.0.5", "node-1.internal", 5001), (variables.GetString($"{Tcp}.hostname"),
                variables.GetString($"{Tcp}.public-hostname"), variables.GetInt($"{Tcp}.port")));
            Assert.Equal(["akka.tcp://hourglass@seed-a:4053", "akka.tcp://hourglass@seed-b:4054"], NodeConfig.SeedNodes(variables));
            Assert.Equal(("from-file", 5002), (withFile.GetString($"{Tcp}.public-hostname"), withFile.GetInt($"{Tcp}.port")));
            Assert.Equal(("0.0.0.0", "from-file", 5003), (withOptions.GetString($"{Tcp}.hostname"),
                withOptions.GetString($"{Tcp}.public-hostname"), withOptions.GetInt($"{Tcp}.port")));
            Assert.Equal(["akka.tcp://hourglass@seed-c:4053"], NodeConfig.SeedNodes(withOptions));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Roles_add_up_and_always_include_hourglass()
    {
        var config = Build(new Dictionary<string, string> { ["HOURGLASS_ROLES"] = "billing, hourglass" }, "--role", "api", "--role", "ops");

        Assert.Equal(["hourglass", "billing", "api", "ops"], config.GetStringList("akka.cluster.roles"));
    }

    [Fact]
    public void A_node_listening_on_every_interface_is_reached_by_the_machines_name_unless_told()
    {
        var wildcard = Build(null, "--hostname", "0.0.0.0");
        var told = Build(null, "--hostname", "0.0.0.0", "--public-hostname", "node-1.internal");

        Assert.Equal(Dns.GetHostName(), wildcard.GetString($"{Tcp}.public-hostname"));
        Assert.Equal("node-1.internal", told.GetString($"{Tcp}.public-hostname"));
    }

    [Fact]
    public void The_Temporal_options_and_mock_set_the_hourglass_keys()
    {
        var settings = HourglassSettings.Create(Build(null, "--address", "temporal.internal:7233", "--namespace", "payments",
            "--no-tls", "--rpc-timeout", "3s", "--mock"));

        Assert.Equal(("temporal.internal:7233", "payments"), (settings.Real.TargetHost, settings.DefaultNamespace));
        Assert.Equal((false, TimeSpan.FromSeconds(3)), (settings.Real.UsesTls, settings.Real.RpcTimeout));
        Assert.Equal(BackendKind.Mock, settings.ClientBackend);
        Assert.False(settings.AllowOverrides);   // --mock is for trying things; overrides stay off
    }

    [Theory]
    [InlineData("on", "payments")]
    [InlineData("off", null)]
    [InlineData("\"\"", null)]
    [InlineData("ledger", "ledger")]
    public void Ensure_namespace_is_on_off_or_a_name(string value, string? ensured)
    {
        var config = ConfigurationFactory.ParseString($"hourglass.host.ensure-namespace = {value}")
            .WithFallback(Build(null, "--namespace", "payments"));

        var node = NodeSettings.Create(config, HourglassSettings.Create(config));

        Assert.Equal(ensured, node.EnsureNamespace);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), (node.InitialBackoff, node.MaxBackoff));
    }

    [Theory]
    [InlineData("HOURGLASS_PORT", "http", "HOURGLASS_PORT=http is not a port")]
    [InlineData("HOURGLASS_SEED_NODES", "akka.tcp://other@seed:4053", "names the ActorSystem 'other'")]
    public void A_malformed_variable_is_a_configuration_error(string variable, string value, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => Build(new Dictionary<string, string> { [variable] = value }));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_retry_backoff_that_shrinks_is_a_configuration_error()
    {
        var config = ConfigurationFactory.ParseString("hourglass.host.ensure-retry { initial-backoff = 10s, max-backoff = 1s }").WithFallback(Build());

        var e = Assert.Throws<ConfigurationException>(() => NodeSettings.Create(config, HourglassSettings.Create(config)));

        Assert.Contains("hourglass.host.ensure-retry.max-backoff", e.Message);
    }

    [Fact]
    public async Task A_config_file_that_cannot_be_read_is_exit_2_before_anything_starts()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"hourglass-missing-{Guid.NewGuid():N}.conf");

        var run = await CliRun.Of("serve", "--config", missing, "--port", "0");

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Equal("", run.Output);
        Assert.StartsWith("hourglass: configuration error: --config: cannot read", run.Error);
    }

    [Theory]
    [InlineData("akka.tcp://hourglass@10.0.0.5:4053", "akka.tcp://hourglass@10.0.0.5:4053/user/hourglass")]
    [InlineData("10.0.0.5:4053", "akka.tcp://hourglass@10.0.0.5:4053/user/hourglass")]
    [InlineData("akka.tcp://hourglass@node-1:4053/user/hourglass", "akka.tcp://hourglass@node-1:4053/user/hourglass")]
    [InlineData("akka.tcp://orders@node-1:4053/user/billing", "akka.tcp://orders@node-1:4053/user/billing")]
    public void Via_takes_a_node_address_or_an_actor_path(string text, string path)
    {
        Assert.Equal(path, ViaNode.Target(text).ToString());
    }

    [Fact]
    public async Task Help_lists_serve_with_its_options_and_via()
    {
        var all = await CliRun.Of("--help");
        var serve = await CliRun.Of("help", "serve");
        var start = await CliRun.Of("start", "--help");

        Assert.Contains("  serve ", all.Output);
        var tree = new CommandTree();
        foreach (var option in tree.Serve.Options) CliTests.AssertListed(option, serve.Output);
        Assert.Contains("hourglass node up at", serve.Output);
        Assert.Contains("--via <address>", start.Output);
        Assert.DoesNotContain("--via", serve.Output);
    }

    private static string WriteConfig(string hocon)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hourglass-node-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, hocon);
        return path;
    }
}
