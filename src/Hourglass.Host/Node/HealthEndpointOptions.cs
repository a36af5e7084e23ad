using System.Globalization;
using System.Net;
using Akka.Configuration;
using Hourglass.Host.Cli;

namespace Hourglass.Host.Node;

/// <summary>
/// Where <c>serve</c> answers <c>/healthz</c> and <c>/readyz</c>: the node's own hostname
/// (<c>akka.remote.dot-netty.tcp.hostname</c>, loopback by default; every interface for a wildcard)
/// and the port of <c>--health-port</c> or <c>$HOURGLASS_HEALTH_PORT</c> (0 picks a free one). No
/// port, no endpoint.
/// </summary>
/// <param name="Address">The address to listen on.</param>
/// <param name="Port">The port; 0 picks a free one.</param>
internal sealed record HealthEndpointOptions(IPAddress Address, int Port)
{
    /// <summary>The variable that gives the port when the option does not.</summary>
    public const string PortVariable = "HOURGLASS_HEALTH_PORT";

    /// <summary>
    /// The endpoint for <paramref name="option"/> (the value of <c>--health-port</c>, or null) and the
    /// environment; null when neither names a port. A malformed option is a <see cref="UsageException"/>,
    /// a malformed variable a <see cref="ConfigurationException"/>.
    /// </summary>
    public static HealthEndpointOptions? From(string? option, Func<string, string?> environment, Config nodeConfig)
    {
        int port;
        if (option is not null)
        {
            port = ParsePort(option) ?? throw new UsageException($"--health-port {option} is not a port (0-65535; 0 picks a free one)");
        }
        else if (environment(PortVariable) is { } text && !string.IsNullOrWhiteSpace(text))
        {
            port = ParsePort(text.Trim()) ?? throw new ConfigurationException($"{PortVariable}={text} is not a port (0-65535; 0 picks a free one)");
        }
        else
        {
            return null;
        }
        return new HealthEndpointOptions(ListenAddress(nodeConfig.GetString("akka.remote.dot-netty.tcp.hostname", "127.0.0.1")), port);
    }

    // The node's hostname as an address: a wildcard is every interface, a name is looked up.
    private static IPAddress ListenAddress(string? hostname)
    {
        if (string.IsNullOrWhiteSpace(hostname)) return IPAddress.Any;
        if (IPAddress.TryParse(hostname, out var ip)) return ip;
        if (string.Equals(hostname, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        try
        {
            var addresses = Dns.GetHostAddresses(hostname);
            return addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new ConfigurationException($"the node's hostname {hostname} has no address for the health endpoint");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ConfigurationException($"the node's hostname {hostname} cannot be resolved for the health endpoint: {e.Message}");
        }
    }

    private static int? ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;
}
