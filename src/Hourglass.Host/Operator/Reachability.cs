using System.Net.Sockets;

namespace Hourglass.Host.Operator;

/// <summary>
/// Says in plain words why an address cannot be reached, by trying a TCP connection to it and
/// reading the socket's error code (never an error's text): "connection refused", "the name does
/// not resolve", "no answer within 2s"…
/// </summary>
internal static class Reachability
{
    /// <summary>How long the probe waits for the connection.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>What a TCP connection to <paramref name="target"/> (<c>host:port</c>) finds; null when it connects.</summary>
    public static async Task<string?> ProbeAsync(string target)
    {
        if (!TrySplit(target, out var host, out var port)) return "not a host:port address";
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {Cli.Durations.Format(ProbeTimeout)}";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "the name does not resolve",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => "no route to the host",
                SocketError.TimedOut => "the connection timed out",
                SocketError.AccessDenied => "the connection is not allowed here",
                var code => $"the connection failed ({code})",
            };
        }
    }

    /// <summary>
    /// Why Temporal at <paramref name="target"/> could not be reached, in a sentence; null when it
    /// takes TCP connections (the trouble is past the socket: TLS, credentials…, and only the
    /// client's own text can say).
    /// </summary>
    public static async Task<string?> TemporalAsync(string target) =>
        await ProbeAsync(target) is { } cause ? $"cannot reach Temporal at {target} ({cause})" : null;

    private static bool TrySplit(string target, out string host, out int port)
    {
        host = "";
        port = 0;
        var text = target.Contains("://", StringComparison.Ordinal) ? target[(target.IndexOf("://", StringComparison.Ordinal) + 3)..] : target;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..].TrimEnd('/'), out port) || port is <= 0 or > 65535) return false;
        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
