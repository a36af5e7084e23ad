namespace Hourglass.Protocol;

/// <summary>The failure reply to any <see cref="IHourglassRequest"/>: errors are values, not exceptions.</summary>
/// <param name="Request">The request that failed, as the backend received it (defaults filled in).</param>
/// <param name="Error">What went wrong.</param>
public sealed record OperationFailed(IHourglassRequest Request, HourglassError Error) : IHourglassReply;
