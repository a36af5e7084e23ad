using Temporalio.Api.Common.V1;

namespace Hourglass.Protocol;

/// <summary>
/// Signals a workflow, starting it first when no run with the id is running — in one call the
/// server makes atomic (SignalWithStartWorkflowExecution). Answered with
/// <see cref="WorkflowStarted"/>: the run signaled, and whether this request started it
/// (<see cref="WorkflowStarted.Started"/>); or <see cref="OperationFailed"/>.
/// </summary>
/// <remarks>
/// <para>A running run is signaled and kept (conflict policy UseExisting, the default), or
/// terminated and replaced (TerminateExisting); Fail is refused with InvalidArgument. A closed one
/// is replaced as the <see cref="StartWorkflow.IdReusePolicy"/> allows. A new run's history holds
/// the signal right after WorkflowExecutionStarted; a running run still waiting out its start delay
/// is given its first workflow task at once.</para>
/// <para>The start's <see cref="StartWorkflow.RequestId"/> is the request id of both the start and
/// the signal: a retry of the same message signals once and answers the same run, with
/// <see cref="WorkflowStarted.Started"/> false (as the server answers a retry).</para>
/// </remarks>
/// <param name="Start">The workflow to start when none is running: type, id, arguments and every start option.</param>
/// <param name="SignalName">The signal name the workflow listens for.</param>
/// <param name="SignalArgs">The signal input as Temporal payloads.</param>
public sealed record SignalWithStartWorkflow(StartWorkflow Start, string SignalName, IReadOnlyList<Payload> SignalArgs)
    : IBackendOperation<WorkflowStarted>
{
    /// <summary>Signals with plain .NET values as the signal input, encoded as payloads.</summary>
    public SignalWithStartWorkflow(StartWorkflow start, string signalName, params object?[] signalArgs)
        : this(start, signalName, HourglassPayload.FromValues(signalArgs))
    {
    }
}
