using Akka.Actor;
using Akka.Configuration;
using Hourglass.Cluster;
using Hourglass.Configuration;
using Hourglass.Host.Cli;
using Hourglass.Host.Node;
using Hourglass.Protocol;

namespace Hourglass.Host.Operator;

/// <summary>
/// <c>--via &lt;address&gt;</c>: a running Hourglass node's <see cref="ClientBackendActor"/>, reached
/// from a small ActorSystem with remoting on 127.0.0.1 (a free port), so an operator verb runs on
/// that node, with its Temporal connection and its settings.
/// </summary>
internal static class ViaNode
{
    /// <summary>How long the node has to answer the identification before the verb fails Unreachable.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The actor path of the node's router: <c>akka.tcp://hourglass@host:port</c> (or just
    /// <c>host:port</c>) means its <c>/user/hourglass</c>; a full actor path is taken as it is.
    /// With node TLS the node is reached over TLS (<c>akka.ssl.tcp</c>) whichever scheme is written;
    /// without it, a TLS address is a usage error.
    /// </summary>
    public static ActorPath Target(string text, bool tls = false)
    {
        var written = text.Contains("://", StringComparison.Ordinal) ? text : $"akka.tcp://{NodeConfig.SystemName}@{text}";
        if (!tls && written.StartsWith(NodeConfig.TlsScheme + "://", StringComparison.Ordinal))
            throw new UsageException($"--via {text} is a node with node TLS: give --node-tls-cert, --node-tls-key and --node-tls-ca " +
                "(or the HOURGLASS_NODE_TLS_* variables) to reach it");
        if (!ActorPath.TryParse(NodeConfig.WithScheme(written, tls), out var path) || path is null || path.Address.Host is null || path.Address.Port is null)
        {
            throw new UsageException($"--via {text} is not a node address: write akka.tcp://{NodeConfig.SystemName}@host:port " +
                "(or host:port, or the full path of the actor)");
        }
        return path.Elements.Count == 0 ? new RootActorPath(path.Address) / "user" / ClientBackendActor.DefaultName : path;
    }

    /// <summary>The CLI's own ActorSystem, over TLS with the node's certificates when <paramref name="tls"/> is given.</summary>
    public static ActorSystem CreateSystem(NodeTls? tls)
    {
        if (tls is null) return ActorSystem.Create("hourglass-cli", SystemConfig());
        var bootstrap = BootstrapSetup.Create().WithConfig(tls.Config.WithFallback(SystemConfig()));
        return ActorSystem.Create("hourglass-cli", bootstrap.And(tls.Setup));
    }

    /// <summary>
    /// The config of the CLI's own ActorSystem: remoting on loopback, a free port, the node's frame
    /// size, and the remote guard (whoever else reaches its port gets no further than a node's would).
    /// </summary>
    public static Config SystemConfig() =>
        ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp {
              hostname = "127.0.0.1"
              port = 0
              # Replies (a long history) are as large as the node sends them.
              maximum-frame-size = {{NodeConfig.MaximumFrameSize}}
            }
            # A node that cannot be reached is reported once, as the verb's Unreachable error.
            akka.remote.log-remote-lifecycle-events = off
            akka.loglevel = ERROR
            akka.stdout-loglevel = ERROR
            akka.stdout-logger-class = "{{typeof(CliStartupLogger).AssemblyQualifiedName}}"
            """).WithFallback(HourglassConfig.RemoteGuard()).WithFallback(HourglassConfig.Default());

    /// <summary>
    /// Finds the router at <paramref name="target"/> from <paramref name="system"/>. A node that
    /// cannot be found is an <see cref="ErrorKind.Unreachable"/> error that says which it is: nothing
    /// listens at the address (the TCP connection is refused: said at once), something listens but
    /// no Hourglass router answered there, or nothing answered within <see cref="ResolveTimeout"/>.
    /// </summary>
    public static async Task<IActorRef> ResolveAsync(ActorSystem system, ActorPath target)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return await system.ActorSelection(target).ResolveOne(ResolveTimeout);
        }
        catch (ActorNotFoundException)
        {
            var address = $"{target.Address.Host}:{target.Address.Port}";
            const string Advice = "is the node running (hourglass serve), and is the address the one it printed when it came up?";
            var probe = await Reachability.ProbeAsync(address);
            if (probe is not null)
                throw new HourglassException(new HourglassError(ErrorKind.Unreachable, $"nothing listens at {address} ({probe})", Advice));
            if (clock.Elapsed < ResolveTimeout)
            {
                throw new HourglassException(new HourglassError(ErrorKind.Unreachable,
                    $"{address} takes connections, but no Hourglass router answered at {target}",
                    "is it an Hourglass node (ActorSystem hourglass), with the same node TLS as this side, and the router at that path?"));
            }
            throw new HourglassException(new HourglassError(ErrorKind.Unreachable,
                $"no Hourglass node answered at {target} within {Durations.Format(ResolveTimeout)}", Advice));
        }
    }
}
