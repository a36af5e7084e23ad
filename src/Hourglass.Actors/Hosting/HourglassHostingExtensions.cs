using Hourglass.Routing;
using Akka.Hosting;
using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Serialization.Guards;
using Hourglass.Protocol;

namespace Hourglass.Hosting;

/// <summary>Wires Hourglass into an Akka.Hosting application.</summary>
public static class HourglassHostingExtensions
{
    /// <summary>
    /// Adds Hourglass: the options render HOCON that is prepended to the system's config, the
    /// reference config is appended as the fallback, and the <see cref="ClientBackendActor"/> is
    /// started and registered, so any hosted service can have an
    /// <c>IRequiredActor&lt;ClientBackendActor&gt;</c> injected (call <c>GetAsync</c> in a
    /// BackgroundService: Akka starts asynchronously). The settings are read when the system
    /// starts; a configuration mistake fails the start, naming the key. With
    /// <see cref="HourglassOptions.RemoteGuard"/> the remote guard is added under the application's
    /// own config (<see cref="HourglassConfig.RemoteGuard"/>); whenever <c>hourglass.remote-guard</c>
    /// is on, the start fails unless the guard is in force. The payload converter and codec
    /// instances of the options go to the router's settings in code; the converter (given or
    /// configured) becomes <see cref="HourglassPayload.DefaultConverter"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithHourglass(this AkkaConfigurationBuilder builder, Action<HourglassOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new HourglassOptions();
        configure?.Invoke(options);

        builder.AddHocon(options.ToHocon(), HoconAddMode.Prepend);
        // Under the application's config (which may add trusted paths) and over Akka's reference configs.
        if (options.RemoteGuard) builder.AddHocon(HourglassConfig.RemoteGuard(), HoconAddMode.Append);
        builder.AddHocon(HourglassConfig.Default(), HoconAddMode.Append);
        builder.WithActors((system, registry) =>
        {
            var settings = options.WithInstances(HourglassSettings.Create(system));
            if (system is ExtendedActorSystem extended) RemoteGuard.Check(extended, options.ActorName);
            HourglassPayload.Adopt(settings.DataConverter);
            var hourglass = KeptRouter.Start(system, ClientBackendActor.Props(settings), options.ActorName);
            registry.Register<ClientBackendActor>(hourglass);
        });
        return builder;
    }
}
