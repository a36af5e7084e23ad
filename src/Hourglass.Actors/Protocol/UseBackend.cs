namespace Hourglass.Protocol;

/// <summary>
/// Sets (or, with null, clears) the backend override for the sender's own operations. Answered
/// with <see cref="BackendChanged"/> holding the previous override so it can be restored, or
/// <see cref="ErrorKind.PermissionDenied"/> when <c>hourglass.allow-overrides = off</c>. The
/// override is forgotten when the sender terminates.
/// </summary>
/// <param name="Backend">The backend for this sender's operations; null returns to the configured one.</param>
public sealed record UseBackend(BackendChoice? Backend) : IHourglassRequest<BackendChanged>;
