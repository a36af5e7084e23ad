namespace Hourglass.Protocol;

/// <summary>
/// Marks what is meant for the mock backend only: its worker controls and its scripts. A router
/// with <c>hourglass.allow-overrides = off</c> (a production node) refuses every one of them with
/// <see cref="ErrorKind.PermissionDenied"/> and never creates a mock backend for them.
/// </summary>
public interface IMockMessage : IHourglassRequest;
