using Akka.Hosting;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Hosting;
using Hourglass.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hourglass.Tests.Hosting;

/// <summary>The Akka.Hosting extension: options to HOCON, reference config as fallback, the actor registered.</summary>
public sealed class WithHourglassTests
{
    [Fact]
    public void Options_render_to_the_settings_key_by_key()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "hosting-settings");
        builder.WithHourglass(o =>
        {
            o.ClientBackend = BackendKind.Mock;
            o.AllowOverrides = false;
            o.DefaultNamespace = "payments";
            o.DefaultTaskQueue = "orders";
            o.MaxPayloadBytes = 4096;
            o.AwaitDefaultTimeout = TimeSpan.FromMinutes(2);
            o.AwaitDefaultPollInterval = TimeSpan.FromMilliseconds(250);
            o.Real.TargetHost = "temporal.internal:7233";
            o.Real.ApiKey = "secret \"quoted\" key";
            o.Real.Identity = "orders-node-1";
            o.Real.Tls = TlsMode.Off;
            o.Real.RpcTimeout = TimeSpan.FromSeconds(3);
            o.Real.QueryTimeout = TimeSpan.FromSeconds(45);
            o.Real.UpdateTimeout = TimeSpan.FromMinutes(5);
            o.Real.ConnectTimeout = TimeSpan.FromSeconds(4);
            o.Real.RetryMaxAttempts = 5;
            o.Real.MaxInFlight = 64;
            o.Real.NamespaceRetention = TimeSpan.FromDays(7);
        });

        var settings = HourglassSettings.Create(builder.Configuration.Value);

        Assert.Equal(BackendKind.Mock, settings.ClientBackend);
        Assert.False(settings.AllowOverrides);
        Assert.Equal("payments", settings.DefaultNamespace);
        Assert.Equal("orders", settings.DefaultTaskQueue);
        Assert.Equal(4096, settings.MaxPayloadBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.AwaitDefaultTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.AwaitDefaultPollInterval);
        Assert.Equal("temporal.internal:7233", settings.Real.TargetHost);
        Assert.Equal("secret \"quoted\" key", settings.Real.ApiKey);
        Assert.Equal("orders-node-1", settings.Real.Identity);
        Assert.False(settings.Real.UsesTls);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Real.RpcTimeout);
        Assert.Equal((TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(5)), (settings.Real.QueryTimeout, settings.Real.UpdateTimeout));
        Assert.Equal(TimeSpan.FromSeconds(4), settings.Real.ConnectTimeout);
        Assert.Equal(5, settings.Real.RetryMaxAttempts);
        Assert.Equal(64, settings.Real.MaxInFlight);
        Assert.Equal(TimeSpan.FromDays(7), settings.Real.NamespaceRetention);
    }

    [Fact]
    public void Unset_options_keep_the_reference_defaults()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "hosting-defaults");
        builder.WithHourglass();

        var settings = HourglassSettings.Create(builder.Configuration.Value);

        Assert.Equal(BackendKind.Real, settings.ClientBackend);
        Assert.True(settings.AllowOverrides);
        Assert.Equal("default", settings.DefaultTaskQueue);
        Assert.Equal(string.Empty, new HourglassOptions().ToHocon());
    }

    [Fact]
    public void The_remote_guard_option_adds_the_guard_under_the_applications_own_config()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "hosting-guard");
        builder.AddHocon("""akka.remote.trusted-selection-paths = ["/user/hourglass", "/user/mine"]""", HoconAddMode.Prepend);
        builder.WithHourglass(o => o.RemoteGuard = true);

        var config = builder.Configuration.Value;

        Assert.True(config.GetBoolean("hourglass.remote-guard"));
        Assert.True(config.GetBoolean("akka.remote.untrusted-mode"));
        Assert.Equal("Hourglass.Serialization.Guards.MiscMessageGuard, Hourglass.Actors", config.GetString("akka.actor.serializers.akka-misc"));
        Assert.Equal(["/user/hourglass", "/user/mine"], config.GetStringList("akka.remote.trusted-selection-paths"));
        Assert.False(new AkkaConfigurationBuilder(new ServiceCollection(), "no-guard").WithHourglass().Configuration.Value
            .GetBoolean("hourglass.remote-guard"));
    }

    [Fact]
    public async Task A_guarded_remote_system_serves_through_the_registered_actor()
    {
        using var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(services => services.AddAkka("hourglass", builder => builder
                .AddHocon("""
                    akka.loglevel = WARNING
                    akka.actor.provider = remote
                    akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                    """, HoconAddMode.Prepend)
                .WithHourglass(o =>
                {
                    o.ClientBackend = BackendKind.Mock;
                    o.RemoteGuard = true;
                })))
            .Build();

        await host.StartAsync();
        try
        {
            var hourglass = await host.Services.GetRequiredService<IRequiredActor<ClientBackendActor>>().GetAsync();
            var handle = await hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "guarded-hosted"));
            Assert.Equal("guarded-hosted", handle.WorkflowId);
            var system = host.Services.GetRequiredService<ActorSystem>();
            Assert.True(system.Settings.Config.GetBoolean("akka.remote.untrusted-mode"));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_hosted_system_with_node_TLS_and_the_guard_as_the_README_shows_it_serves()
    {
        using var certificates = Hourglass.FakeTemporal.TestCertificates.Create();
        var directory = Directory.CreateTempSubdirectory("hourglass-hosted-tls-").FullName;
        var files = certificates.WritePemFiles(directory);
        try
        {
            var tls = Hourglass.Cluster.NodeTls.FromPemFiles(files.ServerCertificate, files.ServerPrivateKey, files.AuthorityCertificate);
            using var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
                .ConfigureServices(services => services.AddAkka("hourglass", akka => akka
                    .AddHocon("""
                        akka.loglevel = WARNING
                        akka.actor.provider = remote
                        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                        hourglass.client-backend = mock
                        """, HoconAddMode.Prepend)
                    .AddHocon(tls.Config, HoconAddMode.Prepend)
                    .AddSetup(tls.Setup)
                    .WithHourglass(o => o.RemoteGuard = true)))
                .Build();

            await host.StartAsync();
            try
            {
                var system = (ExtendedActorSystem)host.Services.GetRequiredService<ActorSystem>();
                var hourglass = await host.Services.GetRequiredService<IRequiredActor<ClientBackendActor>>().GetAsync();
                Assert.Equal("akka.ssl.tcp", system.Provider.DefaultAddress.Protocol);
                Assert.Equal("tls-hosted", (await hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "tls-hosted"))).WorkflowId);
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_background_service_uses_the_registered_actor_through_GetAsync()
    {
        var story = new TaskCompletionSource<WorkflowClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = Microsoft.Extensions.Hosting.Host.CreateDefaultBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton(story);
                services.AddAkka("hosting-story", builder => builder
                    .AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend)
                    .WithHourglass(o =>
                    {
                        o.ClientBackend = BackendKind.Mock;
                        o.AwaitDefaultPollInterval = TimeSpan.FromMilliseconds(20);
                    }));
                services.AddHostedService<OrderService>();
            })
            .Build();

        await host.StartAsync();
        try
        {
            var closed = await story.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(WorkflowState.Completed, closed.Status.State);
            Assert.Equal("shipped", closed.ResultAs<string>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private sealed class OrderService(IRequiredActor<ClientBackendActor> hourglassRef, TaskCompletionSource<WorkflowClosed> story)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                var hourglass = await hourglassRef.GetAsync(stoppingToken);
                var handle = await hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "hosted-1", 12), cancellationToken: stoppingToken);
                await hourglass.SignalWorkflowAsync(handle, "approve", "ops");
                await hourglass.AskAsync<MockWorkflowUpdated>(new CompleteWorkflow(handle, "shipped"), cancellationToken: stoppingToken);
                story.TrySetResult(await hourglass.AwaitWorkflowAsync(handle, TimeSpan.FromSeconds(10), cancellationToken: stoppingToken));
            }
            catch (Exception e)
            {
                story.TrySetException(e);
            }
        }
    }
}
