using Akka.Actor;
using Akka.Event;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;

namespace Hourglass.Serialization;

/// <summary>
/// Makes sure an ActorSystem serializes Hourglass messages with <see cref="HourglassSerializer"/>,
/// however it was configured.
/// </summary>
/// <remarks>
/// Akka builds its serializer map from <c>akka.actor.serializers</c> and
/// <c>serialization-bindings</c> when the system starts. Akka.NET 1.5 rebuilds the map when a
/// top-level fallback is injected afterwards (which is how <c>StartHourglass</c> adds the reference
/// config), but a system that does not rebuild it (one that is not
/// <c>ISupportSerializationConfigReload</c>) would leave Hourglass messages on the default
/// serializer. Then the serializer is registered by hand, for the marker interface and for each
/// message type (a type looked up before is cached on the default serializer).
/// </remarks>
internal static class SerializerBinding
{
    /// <summary>
    /// Registers <see cref="HourglassSerializer"/> for every Hourglass message unless the marker
    /// interface is already bound, to it or, deliberately, to another serializer. Returns true when
    /// it had to register.
    /// </summary>
    public static bool EnsureBound(ExtendedActorSystem system)
    {
        var serialization = system.Serialization;
        var bound = serialization.FindSerializerForType(typeof(IHourglassMessage));
        if (bound is HourglassSerializer) return false;
        // Bound to a serializer of the user's choosing (not just the fallback for everything): leave it.
        if (!ReferenceEquals(bound, serialization.FindSerializerForType(typeof(object)))) return false;

        var serializer = new HourglassSerializer(system);
        serialization.AddSerializer(HourglassSerializer.Name, serializer);
        serialization.AddSerializationMap(typeof(IHourglassMessage), serializer);
        foreach (var type in HourglassSerializer.ManifestTypes.Values)
            serialization.AddSerializationMap(type, serializer);
        serialization.AddSerializationMap(typeof(MockExpectation), serializer);
        system.Log.Info("Hourglass messages had no serializer binding; bound them to {0} (id {1})",
            nameof(HourglassSerializer), serializer.Identifier);
        return true;
    }
}
