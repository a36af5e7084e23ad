using Akka.Actor;
using Akka.Configuration;
using Hourglass.Serialization;

namespace Hourglass.Configuration;

/// <summary>The reference configuration (<c>hocon/hourglass.conf</c>), embedded in this assembly.</summary>
public static class HourglassConfig
{
    private static readonly Lazy<string> ReferenceText = new(() => Embedded("Hourglass.hourglass.conf"));

    private static readonly Lazy<string> RemoteGuardText = new(() => Embedded("Hourglass.remote-guard.conf"));

    /// <summary>Every Hourglass key with its default; use it as a fallback under your own config.</summary>
    /// <remarks>
    /// A new <see cref="Config"/> each call: Akka chains fallbacks by linking instances, and one
    /// shared instance linked into two chains would make a cycle.
    /// </remarks>
    public static Config Default() => ConfigurationFactory.ParseString(ReferenceText.Value);

    /// <summary>
    /// The remote guard (<c>hocon/remote-guard.conf</c>): a system with it takes from other nodes
    /// only the Hourglass protocol and what Akka.Cluster needs — Akka's untrusted mode, selections
    /// only to <c>/user/hourglass</c> and the cluster's daemons, and each of Akka's serializers
    /// behind a guard that refuses private messages, PoisonPill, Kill, system messages other than
    /// remote DeathWatch, and any manifest it would have to resolve as a type. It also sets
    /// <c>hourglass.remote-guard = on</c>, which makes <c>StartHourglass</c> check it is in force.
    /// </summary>
    /// <remarks>
    /// Akka reads its remote and serializer settings when the system is created, so this goes into
    /// the config the system is created with, under your own settings:
    /// <c>ConfigurationFactory.ParseString(yours).WithFallback(HourglassConfig.RemoteGuard())</c>.
    /// A new <see cref="Config"/> each call, like <see cref="Default"/>.
    /// </remarks>
    public static Config RemoteGuard() => ConfigurationFactory.ParseString(RemoteGuardText.Value);

    /// <summary>
    /// Adds the reference configuration as a top-level fallback of <paramref name="system"/>'s settings,
    /// and makes sure Hourglass messages are bound to <see cref="HourglassSerializer"/> even when the
    /// system was created without the reference configuration.
    /// </summary>
    public static void InjectInto(ActorSystem system)
    {
        system.Settings.InjectTopLevelFallback(Default());
        if (system is ExtendedActorSystem extended) SerializerBinding.EnsureBound(extended);
    }

    private static string Embedded(string name)
    {
        using var stream = typeof(HourglassConfig).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Hourglass.Actors");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
