using Akka.Actor;
using Akka.Configuration;
using Hourglass.Serialization;

namespace Hourglass.Configuration;

/// <summary>The reference configuration (<c>hocon/hourglass.conf</c>), embedded in this assembly.</summary>
public static class HourglassConfig
{
    private static readonly Lazy<string> ReferenceText = new(() =>
    {
        using var stream = typeof(HourglassConfig).Assembly.GetManifestResourceStream("Hourglass.hourglass.conf")
            ?? throw new InvalidOperationException("Hourglass.hourglass.conf is not embedded in Hourglass.Actors");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Every Hourglass key with its default; use it as a fallback under your own config.</summary>
    /// <remarks>
    /// A new <see cref="Config"/> each call: Akka chains fallbacks by linking instances, and one
    /// shared instance linked into two chains would make a cycle.
    /// </remarks>
    public static Config Default() => ConfigurationFactory.ParseString(ReferenceText.Value);

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
}
