namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="GetBackend"/>.</summary>
/// <param name="Backend">The backend the sender's operations use.</param>
/// <param name="Source">Whether that is the sender's override or the configured default.</param>
public sealed record BackendInUse(BackendChoice Backend, BackendSource Source) : IHourglassReply;
