namespace Hourglass.Protocol;

/// <summary>
/// An operation a backend serves: one WorkflowService RPC, or a fixed few (every history page, a
/// namespace registration). Only these reach a backend, a backend actor of a test's, or a mock
/// script; status, await and watch (<see cref="IWorkflowQuery"/>) are built on them by the router.
/// </summary>
public interface IBackendOperation : IHourglassOperation;

/// <summary>A backend operation whose success reply is <typeparamref name="TReply"/>.</summary>
/// <typeparam name="TReply">The reply it is answered with when it succeeds.</typeparam>
public interface IBackendOperation<TReply> : IBackendOperation, IHourglassRequest<TReply>
    where TReply : IHourglassReply;
