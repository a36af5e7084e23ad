namespace Hourglass.Protocol;

/// <summary>
/// A message sent to the <see cref="ClientBackendActor"/> that is answered with exactly one
/// reply: its typed success reply or an <see cref="OperationFailed"/>.
/// </summary>
public interface IHourglassRequest : IHourglassMessage;
