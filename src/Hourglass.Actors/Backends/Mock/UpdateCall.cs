using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>An update as the in-memory Temporal hands it to a test's handler (the worker's validator and handler).</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Execution">The run updated, its run id resolved.</param>
/// <param name="UpdateId">The update's id.</param>
/// <param name="UpdateName">The update name.</param>
/// <param name="Args">The update's arguments.</param>
public sealed record UpdateCall(string Namespace, WorkflowExecution Execution, string UpdateId, string UpdateName, IReadOnlyList<Payload> Args);
