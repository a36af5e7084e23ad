namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// A visibility query the server would refuse. <see cref="Exception.Message"/> is the converter's
/// own text (<c>malformed SQL query: …</c>, <c>invalid expression: …</c>, <c>operation is not
/// supported: …</c>); the server answers InvalidArgument with <c>invalid query: </c> before it
/// (<c>common/persistence/visibility/store/query/errors.go</c> <c>ToInvalidArgument</c>), except
/// for a literal its value parser cannot read, which it reports as it is
/// (<c>common/sqlquery/query.go</c> <c>ParseValue</c>).
/// </summary>
internal sealed class VisibilityQueryException(string message, bool converterError = true) : Exception(message)
{
    /// <summary>False for the few errors the server does not prefix with <c>invalid query: </c>.</summary>
    public bool ConverterError { get; } = converterError;

    /// <summary>The status message of the server's InvalidArgument.</summary>
    public string StatusMessage => ConverterError ? "invalid query: " + Message : Message;
}
