using Akka.Configuration;
using Akka.Hosting;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Host.Node;
using Hourglass.Tests.Real;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Tests.Host;

/// <summary>
/// <c>serve</c>'s ensure-namespace retries every transport failure, however it is classified, and
/// gives up only on a permanent error.
/// </summary>
public sealed class NamespaceEnsurerTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private const string Key = "hg-ensurer-key";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    protected override FakeTemporalOptions ServerOptions() => new() { Temporal = new InMemoryTemporal(["default"]), RequiredApiKey = Key };

    private async Task<(LineWriter Log, Task Stopped, CancellationTokenSource Stop)> Ensure(string target, string key)
    {
        var config = ConfigurationFactory.ParseString($$"""
            hourglass.client-backend = real
            hourglass.real {
              target-host = "{{target}}"
              api-key = "{{key}}", tls.mode = off
              retry { max-attempts = 1 }
              rpc-timeout = 2s
            }
            """).WithFallback(TestConfig());
        var settings = HourglassSettings.Create(config);
        var router = Sys.ActorOf(ClientBackendActor.Props(settings));
        var log = new LineWriter();
        var logging = new WriterLoggerProvider(log);
        var ensurer = new NamespaceEnsurer(new Required(router), new NodeSettings("payments", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)),
            settings, new Logger<NamespaceEnsurer>(new LoggerFactory([logging])));
        var stop = new CancellationTokenSource();
        await ensurer.StartAsync(stop.Token);
        return (log, ensurer.ExecuteTask ?? Task.CompletedTask, stop);
    }

    [Theory]
    [InlineData(LoopbackProxyMode.Reset)]
    [InlineData(LoopbackProxyMode.Close)]
    public async Task Connection_resets_behind_a_proxy_are_retried_until_the_namespace_is_made(LoopbackProxyMode mode)
    {
        await using var proxy = LoopbackProxy.Start(Server.Port);
        proxy.Mode = mode;
        var (log, stopped, stop) = await Ensure(proxy.Target, Key);

        var retries = await log.WaitForLinesAsync(l => l.Contains("Could not ensure namespace payments yet"), 3, Patience);
        proxy.Mode = LoopbackProxyMode.Forward;
        await log.WaitForLineAsync(l => l.Contains("Namespace payments created"), Patience);

        Assert.All(retries, r => Assert.True(r.Contains("Unreachable"), r));
        Assert.True(Server.Temporal.HasNamespace("payments"));
        await stopped.WaitAsync(Patience);
        stop.Dispose();
    }

    [Fact]
    public async Task Transient_server_failures_and_dropped_connections_are_retried()
    {
        Server.InjectFault("DescribeNamespace", FakeFault.Error(StatusCode.Internal, "shard moving"), times: 1);
        Server.InjectFault("RegisterNamespace", FakeFault.DropConnection(), times: 1);
        var (log, stopped, stop) = await Ensure(Server.Target, Key);

        await log.WaitForLineAsync(l => l.Contains("Namespace payments created"), Patience);

        var retries = log.Lines.Where(l => l.Contains("Could not ensure namespace payments yet")).ToArray();
        Assert.Equal(2, retries.Length);
        Assert.Contains("Rpc", retries[0]);
        Assert.Contains("Unreachable", retries[1]);
        await stopped.WaitAsync(Patience);
        stop.Dispose();
    }

    [Fact]
    public async Task A_refused_key_is_permanent_the_ensurer_gives_up_at_once()
    {
        var (log, stopped, stop) = await Ensure(Server.Target, "not-the-key");

        await stopped.WaitAsync(Patience);

        var line = Assert.Single(log.Lines, l => l.Contains("Could not ensure namespace payments"));
        Assert.Contains("PermissionDenied", line);
        Assert.Contains("not trying again", line);
        Assert.DoesNotContain("not-the-key", log.ToString());
        stop.Dispose();
    }

    private sealed class Required(IActorRef router) : IRequiredActor<ClientBackendActor>
    {
        public IActorRef ActorRef => router;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(router);
    }
}
