using Hourglass.Routing;
using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Serialization.Guards;

namespace Hourglass;

/// <summary>Starting Hourglass in a plain <see cref="ActorSystem"/> (Akka.Hosting users call <c>WithHourglass</c> instead).</summary>
public static class HourglassActorSystemExtensions
{
    /// <summary>
    /// Starts the <see cref="ClientBackendActor"/> at <c>/user/hourglass</c> with the system's config
    /// (reference defaults injected as fallback), reading and checking the settings first so a
    /// configuration mistake throws here, naming the key. With <c>hourglass.remote-guard = on</c>
    /// it also checks that the remote guard (<see cref="HourglassConfig.RemoteGuard"/>) is in force.
    /// A payload converter named by <c>hourglass.payload.converter</c> becomes
    /// <see cref="Protocol.HourglassPayload.DefaultConverter"/>.
    /// </summary>
    public static IActorRef StartHourglass(this ActorSystem system, string name = ClientBackendActor.DefaultName)
    {
        HourglassConfig.InjectInto(system);
        var settings = HourglassSettings.Create(system);
        if (system is ExtendedActorSystem extended) RemoteGuard.Check(extended, name);
        Protocol.HourglassPayload.Adopt(settings.DataConverter);
        return KeptRouter.Start(system, ClientBackendActor.Props(settings), name);
    }
}
