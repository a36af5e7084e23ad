namespace Hourglass.Protocol;

/// <summary>Marker for every answer the <see cref="ClientBackendActor"/> sends back.</summary>
public interface IHourglassReply : IHourglassMessage;
