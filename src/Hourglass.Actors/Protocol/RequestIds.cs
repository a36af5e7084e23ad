namespace Hourglass.Protocol;

/// <summary>
/// Request ids are made when a message is built, never inside a backend, so an operation that
/// is retried or re-routed to another node reaches Temporal with the same id and is
/// deduplicated by the server.
/// </summary>
public static class RequestIds
{
    /// <summary>A new random request id.</summary>
    public static string New() => Guid.NewGuid().ToString();
}
