namespace Hourglass.FakeTemporal;

/// <summary>What a <see cref="LoopbackProxy"/> does with connections (see <see cref="LoopbackProxy.Mode"/>).</summary>
public enum LoopbackProxyMode
{
    /// <summary>Connections are forwarded to the target; if the target refuses, the client's connection is reset.</summary>
    Forward,

    /// <summary>New connections are accepted and reset at once (RST), as an L4 proxy with nothing behind it may do.</summary>
    Reset,

    /// <summary>New connections are accepted and closed at once (FIN), as an L4 proxy with nothing behind it may do.</summary>
    Close,

    /// <summary>
    /// Nothing is forwarded any more, on new connections or on those already open: bytes are read and
    /// dropped, nothing is answered, connections stay open (a network that has stopped delivering).
    /// </summary>
    Blackhole,
}
