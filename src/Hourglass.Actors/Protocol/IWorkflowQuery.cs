namespace Hourglass.Protocol;

/// <summary>
/// An operation the <see cref="ClientBackendActor"/> serves itself, on the backend chosen for the
/// sender, with several backend calls over time (status, await). It never reaches a backend or a
/// mock script: those see the <see cref="IBackendOperation"/>s it is made of.
/// </summary>
public interface IWorkflowQuery : IHourglassOperation;

/// <summary>A workflow query whose success reply is <typeparamref name="TReply"/>.</summary>
/// <typeparam name="TReply">The reply it is answered with when it succeeds.</typeparam>
public interface IWorkflowQuery<TReply> : IWorkflowQuery, IHourglassRequest<TReply>
    where TReply : IHourglassReply;
