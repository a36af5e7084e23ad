namespace Hourglass.Protocol;

/// <summary>Where a backend choice came from.</summary>
public enum BackendSource
{
    /// <summary>From <c>hourglass.client-backend</c>.</summary>
    Config = 0,
    /// <summary>From the sender's own <see cref="UseBackend"/>.</summary>
    Override = 1,
}
