using System.Text;
using Akka.Configuration;
using Hourglass.Configuration;

namespace Hourglass.Tests.Security;

/// <summary>What hostile-peer tests build: guarded and unguarded systems on loopback, and crafted manifests.</summary>
public static class Wire
{
    /// <summary>
    /// A generic type name nested <paramref name="depth"/> deep: <c>List`1[[List`1[[…System.Int32…]]]]</c>.
    /// 16,000 deep it is about 600 kB, well under a node's 8 MiB frame. Resolved as a type it takes
    /// a second of CPU and stays loaded; printing that type's name overflows the stack (the
    /// runtime builds generic names recursively), which ends the process.
    /// </summary>
    public static string DeepGenericTypeName(int depth = 16_000)
    {
        var name = new StringBuilder(depth * 40);
        for (var i = 0; i < depth; i++) name.Append("System.Collections.Generic.List`1[[");
        name.Append("System.Int32");
        for (var i = 0; i < depth; i++) name.Append("]]");
        return name.ToString();
    }

    /// <summary>The config of a system on 127.0.0.1 (a free port) with remoting, as a node or a peer of one has.</summary>
    public static Config Remoting(bool cluster = false) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = {{(cluster ? "cluster" : "remote")}}
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, maximum-frame-size = 8388608b }
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        """);

    /// <summary>A system with remoting behind the remote guard (the profile <c>serve</c> runs with).</summary>
    public static ActorSystem Guarded(string name = "hourglass", bool cluster = false, string? extra = null)
    {
        var config = Remoting(cluster);
        if (extra is not null) config = ConfigurationFactory.ParseString(extra).WithFallback(config);
        return ActorSystem.Create(name, config.WithFallback(HourglassConfig.RemoteGuard()).WithFallback(HourglassConfig.Default()));
    }
}
