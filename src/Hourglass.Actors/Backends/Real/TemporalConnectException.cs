namespace Hourglass.Backends.Real;

/// <summary>The connection to the Temporal frontend could not be made.</summary>
public sealed class TemporalConnectException(string target, string reason, Exception inner)
    : Exception($"cannot connect to Temporal at {target}: {reason}", inner)
{
    /// <summary>The host:port that could not be reached.</summary>
    public string Target { get; } = target;
}
