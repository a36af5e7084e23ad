namespace Hourglass.Protocol;

/// <summary>
/// Marker for every Hourglass message that may cross a cluster node. One serializer binding
/// covers all of them.
/// </summary>
public interface IHourglassMessage;
