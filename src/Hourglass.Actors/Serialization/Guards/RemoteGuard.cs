using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote;
using Akka.Serialization;

namespace Hourglass.Serialization.Guards;

/// <summary>
/// Checks, where Hourglass starts, that a system which asks for the remote guard
/// (<c>hourglass.remote-guard = on</c>) has it in force: Akka's untrusted mode, the trusted
/// selection paths Hourglass and the cluster need, and no serializer left that would resolve a
/// wire manifest as a type. A system created over <see cref="Configuration.HourglassConfig.RemoteGuard"/>
/// passes; one that only set the key, or replaced a part of the guard, fails with every gap named.
/// </summary>
internal static class RemoteGuard
{
    /// <summary>The key that asks for the guard.</summary>
    public const string Key = "hourglass.remote-guard";

    private static readonly string[] ClusterPaths = ["/system/cluster/core/daemon", "/system/cluster/heartbeatReceiver"];

    /// <summary>
    /// Throws a <see cref="ConfigurationException"/> when <c>hourglass.remote-guard</c> is on but not
    /// in force on <paramref name="system"/>, where the router will live at <c>/user/{routerName}</c>.
    /// Does nothing when the key is off, or when the system has no remoting (nothing arrives from the wire).
    /// </summary>
    public static void Check(ExtendedActorSystem system, string routerName)
    {
        var config = system.Settings.Config;
        if (!IsOn(config)) return;
        if (system.Provider is not IRemoteActorRefProvider remote) return;

        var gaps = new List<string>();
        if (!remote.RemoteSettings.UntrustedMode) gaps.Add("akka.remote.untrusted-mode is off");
        var trusted = remote.RemoteSettings.TrustedSelectionPaths;
        var needed = new List<string> { $"/user/{routerName}" };
        if (system.Provider is IClusterActorRefProvider) needed.AddRange(ClusterPaths);
        var missing = needed.Where(p => !trusted.Contains(p)).ToList();
        if (missing.Count > 0)
            gaps.Add($"akka.remote.trusted-selection-paths lacks {string.Join(", ", missing)} (the router's path and the cluster's)");
        gaps.AddRange(UnguardedSerializers(system));
        if (gaps.Count == 0) return;

        throw new ConfigurationException(
            $"Invalid Hourglass configuration: {Key} = on, but the guard is not in force: {string.Join("; ", gaps)}. " +
            "Build the system's config over HourglassConfig.RemoteGuard() (ConfigurationFactory.ParseString(yours)" +
            ".WithFallback(HourglassConfig.RemoteGuard())), or use WithHourglass(o => o.RemoteGuard = true)");
    }

    /// <summary>True when <c>hourglass.remote-guard</c> is on in <paramref name="config"/>.</summary>
    public static bool IsOn(Config config)
    {
        try
        {
            return config.GetBoolean(Key, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ConfigurationException($"Invalid Hourglass configuration: {Key} is not on or off: {e.Message}");
        }
    }

    // Every serializer the system registers from config or setup must take string manifests: Akka
    // resolves the manifest of any other kind as a type name before the serializer runs.
    private static IEnumerable<string> UnguardedSerializers(ExtendedActorSystem system)
    {
        var serializers = system.Settings.Config.GetConfig("akka.actor.serializers");
        var named = serializers.IsNullOrEmpty() ? [] : serializers.AsEnumerable().ToList();
        if (!named.Any(e => e.Key == "null" && IsGuard(e.Value.GetString())))
            yield return "akka.actor.serializers.\"null\" is not Hourglass's NullGuard (Akka's null serializer, id 0, resolves manifests)";
        foreach (var (name, value) in named)
        {
            var typeName = value.GetString();
            if (Type.GetType(typeName) is { } type && !typeof(SerializerWithStringManifest).IsAssignableFrom(type))
                yield return $"akka.actor.serializers.{name} = {typeName} resolves the wire's manifest as a type (it is not a SerializerWithStringManifest)";
        }
        var setup = system.Settings.Setup.Get<SerializationSetup>();
        if (!setup.HasValue) yield break;
        foreach (var details in setup.Value.CreateSerializers(system))
        {
            if (details.Serializer is not SerializerWithStringManifest)
                yield return $"the serializer {details.Alias} of the SerializationSetup ({details.Serializer.GetType().FullName}) resolves the wire's manifest as a type";
        }
    }

    private static bool IsGuard(string? typeName) =>
        typeName is not null && Type.GetType(typeName) is { } type && typeof(GuardedSerializer).IsAssignableFrom(type);
}
