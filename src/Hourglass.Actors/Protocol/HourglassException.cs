namespace Hourglass.Protocol;

/// <summary>Thrown by the typed async helpers when an operation answers <see cref="OperationFailed"/>.</summary>
public sealed class HourglassException : Exception
{
    /// <summary>Wraps an error.</summary>
    public HourglassException(HourglassError error, IHourglassRequest? request = null)
        : base(error.ToString())
    {
        Error = error;
        Request = request;
    }

    /// <summary>The typed error.</summary>
    public HourglassError Error { get; }

    /// <summary>The request that failed, when known.</summary>
    public IHourglassRequest? Request { get; }

    /// <summary>Shortcut for <c>Error.Kind</c>.</summary>
    public ErrorKind Kind => Error.Kind;
}
