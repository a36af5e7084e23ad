using Hourglass.Routing;
using Akka.Actor;
using Hourglass.Configuration;

namespace Hourglass;

/// <summary>Starting Hourglass in a plain <see cref="ActorSystem"/> (Akka.Hosting users call <c>WithHourglass</c> instead).</summary>
public static class HourglassActorSystemExtensions
{
    /// <summary>
    /// Starts the <see cref="ClientBackendActor"/> at <c>/user/hourglass</c> with the system's config
    /// (reference defaults injected as fallback), reading and checking the settings first so a
    /// configuration mistake throws here, naming the key.
    /// </summary>
    public static IActorRef StartHourglass(this ActorSystem system, string name = ClientBackendActor.DefaultName)
    {
        HourglassConfig.InjectInto(system);
        return KeptRouter.Start(system, ClientBackendActor.Props(HourglassSettings.Create(system)), name);
    }
}
