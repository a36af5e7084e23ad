using Hourglass.Protocol;

namespace Hourglass.Temporal;

/// <summary>
/// A call to Temporal that failed before the server answered it (no connection, a deadline, a
/// cancel), with its error already classified. Failures the server answers are
/// <see cref="Temporalio.Exceptions.RpcException"/>s instead.
/// </summary>
public sealed class TemporalCallException : Exception
{
    /// <summary>Wraps a classified error and the exception behind it.</summary>
    public TemporalCallException(HourglassError error, Exception? inner = null)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message, inner) => Error = error;

    /// <summary>What went wrong.</summary>
    public HourglassError Error { get; }
}
