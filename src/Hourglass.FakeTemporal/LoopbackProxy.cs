using System.Net;
using System.Net.Sockets;

namespace Hourglass.FakeTemporal;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server (a <see cref="FakeTemporalServer"/>, say) that a
/// test makes misbehave as a network or an L4 load balancer does: reset or close new connections,
/// reset every open one, or stop forwarding. Point the client at <see cref="Target"/>.
/// </summary>
/// <example><code>
/// await using var proxy = LoopbackProxy.Start(server.Port);
/// // ... connect the client to proxy.Target, then:
/// proxy.Mode = LoopbackProxyMode.Reset;
/// proxy.ResetConnections();
/// </code></example>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly HashSet<Socket> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private volatile LoopbackProxyMode _mode = LoopbackProxyMode.Forward;
    private int _accepted;

    private LoopbackProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    /// <summary>Starts a proxy that forwards to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    /// <param name="targetPort">The port of the server behind the proxy.</param>
    public static LoopbackProxy Start(int targetPort)
    {
        if (targetPort is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(targetPort), targetPort, "A TCP port is 1 to 65535.");
        return new LoopbackProxy(targetPort);
    }

    /// <summary>The port the proxy listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:PORT", for <c>TemporalConnectionOptions.TargetHost</c>.</summary>
    public string Target => $"127.0.0.1:{Port}";

    /// <summary>What the proxy does with connections from now on; <see cref="LoopbackProxyMode.Forward"/> at start.</summary>
    public LoopbackProxyMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>Resets (RST) every connection open now, on both sides; new ones are handled by <see cref="Mode"/>.</summary>
    public void ResetConnections()
    {
        Socket[] open;
        lock (_open)
        {
            open = _open.ToArray();
            _open.Clear();
        }
        foreach (var socket in open) Reset(socket);
    }

    /// <summary>Stops listening and resets every connection.</summary>
    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        ResetConnections();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(Socket client)
    {
        switch (_mode)
        {
            case LoopbackProxyMode.Reset:
                Reset(client);
                return;
            case LoopbackProxyMode.Close:
                Close(client);
                return;
            case LoopbackProxyMode.Blackhole:
                Track(client);
                await PumpAsync(client, null).ConfigureAwait(false);
                return;
        }
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            server.Dispose();
            Reset(client);
            return;
        }
        client.NoDelay = true;
        Track(client);
        Track(server);
        await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client)).ConfigureAwait(false);
    }

    private void Track(Socket socket)
    {
        lock (_open) _open.Add(socket);
    }

    // Copies from one side to the other until either ends; in Blackhole mode (or without a peer) drops what it reads.
    private async Task PumpAsync(Socket from, Socket? to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    to?.Shutdown(SocketShutdown.Send);
                    return;
                }
                if (to is null || _mode == LoopbackProxyMode.Blackhole) continue;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Reset(from);
            if (to is not null) Reset(to);
        }
    }

    private void Reset(Socket socket)
    {
        lock (_open) _open.Remove(socket);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Close(Socket socket)
    {
        lock (_open) _open.Remove(socket);
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        socket.Dispose();
    }
}
