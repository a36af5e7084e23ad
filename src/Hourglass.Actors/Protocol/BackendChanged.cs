namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="UseBackend"/>.</summary>
/// <param name="Previous">The sender's override before this change; null when it had none.</param>
public sealed record BackendChanged(BackendChoice? Previous) : IHourglassReply;
