using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>
/// A TestKit with a fake Temporal frontend on 127.0.0.1 and a ClientBackendActor whose real
/// backend is the Temporalio client pointed at it.
/// </summary>
public abstract class RealBackendTestKit(ITestOutputHelper output, string? routerConfig = null)
    : HourglassTestKit(output), IAsyncLifetime
{
    private IActorRef? _router;

    protected FakeTemporalServer Server { get; private set; } = null!;

    /// <summary>The router on the real backend, made on first use with this class's config.</summary>
    protected IActorRef Router => _router ??= StartRouter(routerConfig);

    public virtual async Task InitializeAsync() => Server = await FakeTemporalServer.StartAsync(ServerOptions());

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    protected virtual FakeTemporalOptions ServerOptions() => new();

    /// <summary>A new router whose real backend targets the fake server, with extra HOCON on top.</summary>
    protected IActorRef StartRouter(string? extra = null)
    {
        var config = ConfigurationFactory.ParseString($$"""
            hourglass.client-backend = real
            hourglass.real {
              target-host = "{{Server.Target}}"
              retry { max-attempts = 3, initial-backoff = 20ms, max-backoff = 100ms }
              rpc-timeout = 5s
              connect-timeout = 5s
            }
            """);
        if (extra is not null) config = ConfigurationFactory.ParseString(extra).WithFallback(config);
        var settings = HourglassSettings.Create(config.WithFallback(TestConfig()));
        return Sys.ActorOf(ClientBackendActor.Props(settings));
    }
}
