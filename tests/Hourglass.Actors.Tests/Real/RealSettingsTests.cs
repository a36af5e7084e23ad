using Akka.Configuration;
using Hourglass.Configuration;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Tests.Real;

/// <summary>The hourglass.real section: defaults, environment fallbacks, mistakes named at start.</summary>
public sealed class RealSettingsTests
{
    private static HourglassSettings Read(string hocon, params (string Name, string Value)[] environment)
    {
        var env = environment.ToDictionary(e => e.Name, e => e.Value);
        return HourglassSettings.Create(ConfigurationFactory.ParseString(hocon), name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void Defaults_point_at_the_local_dev_server_with_bounded_retries()
    {
        var real = Read("").Real;

        Assert.Equal("localhost:7233", real.TargetHost);
        Assert.Null(real.ApiKey);
        Assert.False(real.UsesTls);
        Assert.Equal(TimeSpan.FromSeconds(10), real.RpcTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), real.QueryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), real.UpdateTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), real.ConnectTimeout);
        Assert.Equal(3, real.RetryMaxAttempts);
        Assert.Contains(StatusCode.Unavailable, real.RetryCodes);
        Assert.DoesNotContain(StatusCode.ResourceExhausted, real.RetryCodes);
        Assert.Equal(1000, real.MaxInFlight);
        Assert.Equal(TimeSpan.FromHours(72), real.NamespaceRetention);
        Assert.Contains("@", real.Identity);
    }

    [Fact]
    public void The_environment_fills_what_config_leaves_empty()
    {
        var settings = Read("", ("TEMPORAL_ADDRESS", "temporal.internal:7233"), ("TEMPORAL_NAMESPACE", "payments"), ("TEMPORAL_API_KEY", "k-1"));

        Assert.Equal("temporal.internal:7233", settings.Real.TargetHost);
        Assert.Equal("payments", settings.DefaultNamespace);
        Assert.Equal("k-1", settings.Real.ApiKey);
        Assert.True(settings.Real.UsesTls);
    }

    [Fact]
    public void Explicit_config_wins_over_the_environment()
    {
        var settings = Read("""
            hourglass.default-namespace = orders
            hourglass.real { target-host = "10.0.0.5:7233", api-key = "from-config", tls.mode = off }
            """, ("TEMPORAL_ADDRESS", "elsewhere:7233"), ("TEMPORAL_NAMESPACE", "payments"), ("TEMPORAL_API_KEY", "from-env"));

        Assert.Equal("10.0.0.5:7233", settings.Real.TargetHost);
        Assert.Equal("orders", settings.DefaultNamespace);
        Assert.Equal("from-config", settings.Real.ApiKey);
        Assert.False(settings.Real.UsesTls);
    }

    [Fact]
    public void Retry_codes_are_read_by_their_grpc_names()
    {
        var real = Read("hourglass.real.retry.codes = [UNAVAILABLE, RESOURCE_EXHAUSTED, deadline_exceeded]").Real;

        Assert.Equal(new[] { StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted, StatusCode.Unavailable }, real.RetryCodes.Order());
    }

    [Theory]
    [InlineData("hourglass.real.retry.codes = [SOMETIMES]", "hourglass.real.retry.codes")]
    [InlineData("hourglass.real.tls.mode = maybe", "hourglass.real.tls.mode")]
    [InlineData("hourglass.real.rpc-timeout = 0s", "hourglass.real.rpc-timeout")]
    [InlineData("hourglass.real.query-timeout = 0s", "hourglass.real.query-timeout")]
    [InlineData("hourglass.real.update-timeout = soon", "hourglass.real.update-timeout")]
    [InlineData("hourglass.real.max-in-flight = 0", "hourglass.real.max-in-flight")]
    [InlineData("hourglass.real.retry.max-attempts = -1", "hourglass.real.retry.max-attempts")]
    public void A_mistake_in_the_real_section_is_named(string hocon, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => Read(hocon));

        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Tls_modes_decide_the_connection_options()
    {
        Assert.True(Read("hourglass.real.tls.mode = on").Real.ToConnectionOptions().Tls is { Disabled: false });
        Assert.True(Read("hourglass.real { api-key = k, tls.mode = off }").Real.ToConnectionOptions().Tls is { Disabled: true });
        Assert.True(Read("hourglass.real.tls.server-name = temporal.example").Real.UsesTls);
    }
}
