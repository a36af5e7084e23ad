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
    /// configuration mistake throws here, naming the key. A payload converter named by
    /// <c>hourglass.payload.converter</c> becomes <see cref="Protocol.HourglassPayload.DefaultConverter"/>.
    /// </summary>
    public static IActorRef StartHourglass(this ActorSystem system, string name = ClientBackendActor.DefaultName)
    {
        HourglassConfig.InjectInto(system);
        var settings = HourglassSettings.Create(system);
        Protocol.HourglassPayload.Adopt(settings.DataConverter);
        return KeptRouter.Start(system, ClientBackendActor.Props(settings), name);
    }
}
