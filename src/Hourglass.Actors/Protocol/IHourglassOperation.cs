namespace Hourglass.Protocol;

/// <summary>
/// An operation on Temporal sent to the <see cref="ClientBackendActor"/>: either an
/// <see cref="IBackendOperation"/> (one RPC, or a fixed few, served by a backend) or an
/// <see cref="IWorkflowQuery"/> (several calls over time, served by the router on a backend).
/// </summary>
public interface IHourglassOperation : IHourglassRequest;
