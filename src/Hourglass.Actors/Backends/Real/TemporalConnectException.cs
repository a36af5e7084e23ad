using Hourglass.Protocol;

namespace Hourglass.Backends.Real;

/// <summary>
/// The connection to the Temporal frontend could not be made: no connection within the call's
/// deadline or <c>connect-timeout</c>, or a connect that failed, classified by what a probe of the
/// target met (see <c>hourglass.real</c> in the README: "What a failed connect is").
/// </summary>
public sealed class TemporalConnectException : Exception
{
    /// <summary>Wraps the classified failure of a connect to <paramref name="target"/>.</summary>
    /// <param name="target">The host:port that could not be reached.</param>
    /// <param name="error">What the failure was, for the caller.</param>
    /// <param name="retryable">False when retrying cannot fix it (refused TLS or credentials), or the deadline has passed.</param>
    /// <param name="inner">The client's own exception, when there was one.</param>
    public TemporalConnectException(string target, HourglassError error, bool retryable, Exception? inner = null)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message, inner)
    {
        Target = target;
        Error = error;
        Retryable = retryable;
    }

    /// <summary>The host:port that could not be reached.</summary>
    public string Target { get; }

    /// <summary>The failure as the caller gets it: Unreachable, or PermissionDenied for refused TLS or credentials.</summary>
    public HourglassError Error { get; }

    /// <summary>True when another attempt may succeed.</summary>
    public bool Retryable { get; }
}
