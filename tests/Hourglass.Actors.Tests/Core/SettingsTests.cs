using Akka.Configuration;
using Akka.TestKit;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>Configuration is read once and every mistake names its key.</summary>
public sealed class SettingsTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public void The_reference_config_gives_the_documented_defaults()
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.Empty);

        Assert.Equal(BackendKind.Real, settings.ClientBackend);
        Assert.True(settings.AllowOverrides);
        Assert.Equal(Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } ns ? ns : "default", settings.DefaultNamespace);
        Assert.Equal("default", settings.DefaultTaskQueue);
        Assert.Equal(2 * 1024 * 1024, settings.MaxPayloadBytes);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.AwaitDefaultTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.AwaitDefaultPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.QueryTimeout);
    }

    [Theory]
    [InlineData("hourglass.client-backend = bogus", "hourglass.client-backend", "allowed values: real, mock")]
    [InlineData("hourglass.allow-overrides = maybe", "hourglass.allow-overrides", "allowed values: on, off")]
    [InlineData("hourglass.default-namespace = \"no spaces\"", "hourglass.default-namespace", "namespace name")]
    [InlineData("hourglass.max-payload-bytes = 0", "hourglass.max-payload-bytes", "positive")]
    [InlineData("hourglass.await.default-timeout = 0s", "hourglass.await.default-timeout", "must be a duration between")]
    [InlineData("hourglass.query-timeout = soon", "hourglass.query-timeout", "could not be read")]
    [InlineData("hourglass.default-task-queue = \"\"", "hourglass.default-task-queue", "must not be empty")]
    public void A_config_mistake_throws_naming_the_key(string hocon, string key, string says)
    {
        var e = Assert.Throws<ConfigurationException>(() => HourglassSettings.Create(ConfigurationFactory.ParseString(hocon)));

        Assert.Contains(key, e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public async Task An_invalid_client_backend_fails_the_actor_at_start_with_the_key_named()
    {
        var system = ActorSystem.Create("bad-config", HourglassTestKit.TestConfig("hourglass.client-backend = sideways"));
        try
        {
            var e = Assert.Throws<ConfigurationException>(() => system.StartHourglass());
            Assert.Contains("hourglass.client-backend", e.Message);
            Assert.Contains("\"sideways\"", e.Message);

            // Started from Props without settings, the actor reads its config at start and stops.
            var probe = new TestProbe(system, new Akka.TestKit.Xunit2.XunitAssertions());
            var actor = system.ActorOf(ClientBackendActor.Props(), "hourglass-from-props");
            probe.Watch(actor);
            probe.ExpectTerminated(actor);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
