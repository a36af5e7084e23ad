using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Protocol;

/// <summary>
/// Starts a workflow execution. Answered with <see cref="WorkflowStarted"/> carrying the handle
/// with the run id the server assigned, or <see cref="OperationFailed"/>
/// (<see cref="ErrorKind.AlreadyStarted"/> when the id is running).
/// </summary>
/// <param name="WorkflowType">The workflow type name a worker is registered for.</param>
/// <param name="WorkflowId">The caller-chosen, stable workflow id.</param>
/// <param name="Args">The workflow arguments as Temporal payloads (see <see cref="HourglassPayload"/>).</param>
public sealed record StartWorkflow(string WorkflowType, string WorkflowId, IReadOnlyList<Payload> Args)
    : IBackendOperation<WorkflowStarted>
{
    /// <summary>Starts <paramref name="workflowType"/> with plain .NET arguments, encoded as payloads.</summary>
    public StartWorkflow(string workflowType, string workflowId, params object?[] args)
        : this(workflowType, workflowId, HourglassPayload.FromValues(args))
    {
    }

    /// <summary>The task queue; null means <c>hourglass.default-task-queue</c>.</summary>
    public string? TaskQueue { get; init; }

    /// <summary>The namespace; null means <c>hourglass.default-namespace</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>What to do when the id was used before; null leaves the server default (allow duplicate).</summary>
    public WorkflowIdReusePolicy? IdReusePolicy { get; init; }

    /// <summary>
    /// What to do when a run with the id is running; null leaves the server default (Fail for a
    /// start, UseExisting for a <see cref="SignalWithStartWorkflow"/>, which refuses Fail).
    /// </summary>
    public WorkflowIdConflictPolicy? IdConflictPolicy { get; init; }

    /// <summary>Limit on the whole execution, retries and continue-as-new included.</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>Limit on a single run.</summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Limit on a single workflow task.</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>Retry policy of the workflow itself; null means no retries.</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <summary>Non-indexed memo fields, visible in describe.</summary>
    public IReadOnlyDictionary<string, Payload>? Memo { get; init; }

    /// <summary>
    /// Indexed fields the namespace's visibility store can list and count by, each registered in
    /// the namespace with the type of its value; null for none. At most
    /// <see cref="Operations.TemporalLimits.MaxSearchAttributes"/>, each value at most
    /// <see cref="Operations.TemporalLimits.MaxSearchAttributeValueBytes"/> encoded.
    /// </summary>
    public IReadOnlyDictionary<string, SearchAttributeValue>? SearchAttributes { get; init; }

    /// <summary>Delay before the first workflow task is dispatched.</summary>
    public TimeSpan? StartDelay { get; init; }

    /// <summary>Idempotency key, made when the message is built; a retry must reuse it.</summary>
    public string RequestId { get; init; } = RequestIds.New();
}
