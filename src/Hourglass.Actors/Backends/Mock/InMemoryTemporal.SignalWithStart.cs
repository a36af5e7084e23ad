using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>SignalWithStartWorkflowExecution, as the server's frontend and history serve it.</summary>
public sealed partial class InMemoryTemporal
{
    /// <summary>
    /// Signals the running run of the workflow id, or starts a new run with the signal in its
    /// history right after WorkflowExecutionStarted (temporalio/temporal
    /// <c>service/history/api/signalwithstartworkflow</c>). The conflict policy defaults to
    /// UseExisting and may not be Fail; TerminateExisting replaces a running run; a closed run is
    /// replaced as the id reuse policy allows. The request id deduplicates the signal: a retry finds
    /// it recorded and answers the run with <c>started = false</c>. A running run still waiting out
    /// its start delay gets its first workflow task at once.
    /// </summary>
    public SignalWithStartWorkflowExecutionResponse SignalWithStartWorkflowExecution(SignalWithStartWorkflowExecutionRequest request)
    {
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            CheckSignalWithStart(request);
            var requestId = request.RequestId.Length == 0 ? Guid.NewGuid().ToString() : request.RequestId;
            if (request.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.Fail)
                throw Fail(StatusCode.InvalidArgument,
                    "Invalid WorkflowIDConflictPolicy: WORKFLOW_ID_CONFLICT_POLICY_FAIL is not supported for this operation.", null);
            var (reuse, conflict) = Policies(request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy, WorkflowIdConflictPolicy.UseExisting);
            CheckSearchAttributes(request.Namespace, request.SearchAttributes);

            var latest = Latest(request.Namespace, request.WorkflowId);
            if (latest is { IsOpen: true } && conflict != WorkflowIdConflictPolicy.TerminateExisting)
            {
                // signalWorkflow: a request id already recorded is a duplicate, answered without a second signal.
                if (latest.SignalRequestIds.Add(requestId))
                {
                    Signal(latest, request.SignalName, request.SignalInput, request.Identity, request.Header, requestId);
                    // A run waiting out its start delay is not kept waiting ("Skipped workflow start delay for signalWithStart request").
                    ScheduleWorkflowTaskIfNone(latest);
                }
                return new SignalWithStartWorkflowExecutionResponse { RunId = latest.RunId, Started = false };
            }

            var runId = Guid.NewGuid().ToString();
            if (latest is { IsOpen: true }) TerminateExisting(latest, runId);
            else if (latest is not null) CheckReusePolicy(latest, reuse);

            var run = CreateRun(StartRequest(request, requestId, reuse, conflict), runId);
            run.SignalRequestIds.Add(requestId);
            Signal(run, request.SignalName, request.SignalInput, request.Identity, request.Header, requestId);
            ScheduleFirstWorkflowTask(run);
            AddRun(run);
            return new SignalWithStartWorkflowExecutionResponse { RunId = run.RunId, Started = true };
        }
    }

    // The frontend's ValidateSignalWithStartRequest (chasm/lib/workflow/validator.go), before any run is looked at.
    private static void CheckSignalWithStart(SignalWithStartWorkflowExecutionRequest request)
    {
        if (request.WorkflowId.Length == 0) throw Fail(StatusCode.InvalidArgument, "WorkflowId is not set on request.", null);
        if (request.SignalName.Length == 0) throw Fail(StatusCode.InvalidArgument, "signal not set", null);
        if (string.IsNullOrEmpty(request.WorkflowType?.Name)) throw Fail(StatusCode.InvalidArgument, "workflow type not set", null);
        if (string.IsNullOrEmpty(request.TaskQueue?.Name)) throw Fail(StatusCode.InvalidArgument, "missing task queue name", null);
    }

    // The start a signal-with-start makes (ConvertToStartRequest), its policies defaulted.
    private static StartWorkflowExecutionRequest StartRequest(SignalWithStartWorkflowExecutionRequest request, string requestId,
        WorkflowIdReusePolicy reuse, WorkflowIdConflictPolicy conflict) => new()
    {
        Namespace = request.Namespace,
        WorkflowId = request.WorkflowId,
        WorkflowType = request.WorkflowType.Clone(),
        TaskQueue = request.TaskQueue.Clone(),
        Input = request.Input?.Clone(),
        WorkflowExecutionTimeout = request.WorkflowExecutionTimeout?.Clone(),
        WorkflowRunTimeout = request.WorkflowRunTimeout?.Clone(),
        WorkflowTaskTimeout = request.WorkflowTaskTimeout?.Clone(),
        Identity = request.Identity,
        RequestId = requestId,
        WorkflowIdReusePolicy = reuse,
        WorkflowIdConflictPolicy = conflict,
        RetryPolicy = request.RetryPolicy?.Clone(),
        CronSchedule = request.CronSchedule,
        Memo = request.Memo?.Clone(),
        SearchAttributes = request.SearchAttributes?.Clone(),
        Header = request.Header?.Clone(),
        WorkflowStartDelay = request.WorkflowStartDelay?.Clone(),
        UserMetadata = request.UserMetadata?.Clone(),
        Priority = request.Priority?.Clone(),
    };
}
