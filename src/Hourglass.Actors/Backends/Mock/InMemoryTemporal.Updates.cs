using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// UpdateWorkflowExecution and PollWorkflowExecutionUpdate. A test plays the worker with a handler per
/// (namespace, workflow id, update name) that accepts and completes, accepts and fails, rejects, or
/// accepts an update to finish later (<see cref="CompleteUpdate"/>). Updates are kept per run by id,
/// so the same id gets the same outcome, even after the run closed. An update nobody handles waits —
/// asynchronously — for a handler, the caller's cancellation, or <see cref="UpdateWorkerTimeout"/>,
/// after which it is answered with the stage it reached (ADMITTED) and no outcome, as a server is.
/// </summary>
public sealed partial class InMemoryTemporal
{
    /// <summary>Updates a run holds at once that are not completed (<c>history.maxInFlightUpdates</c>).</summary>
    public const int MaxInFlightUpdates = 10;

    /// <summary>Distinct updates one run may have (<c>history.maxTotalUpdates</c>).</summary>
    public const int MaxTotalUpdates = 2000;

    private readonly Dictionary<(string Namespace, string WorkflowId, string UpdateName), Func<UpdateCall, UpdateAnswer>> _updateHandlers = new();

    /// <summary>
    /// How long an update call waits for the stage it asks before it is answered with the stage reached
    /// and no outcome. Default 20 s, the server's <c>history.longPollExpirationInterval</c>. Runs on the
    /// engine's clock.
    /// </summary>
    public TimeSpan UpdateWorkerTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Plays the worker's validator and handler for <paramref name="updateName"/> on every run of
    /// <paramref name="workflowId"/>, replacing any before it; null removes it. Updates already waiting
    /// on an open run for a handler of that name are handed to it.
    /// </summary>
    public void SetUpdateHandler(string @namespace, string workflowId, string updateName, Func<UpdateCall, UpdateAnswer>? handler)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(workflowId);
        ArgumentNullException.ThrowIfNull(updateName);
        var waiting = new List<(Run Run, UpdateRecord Record, UpdateCall Call)>();
        using (Enter())
        {
            var key = (@namespace, workflowId, updateName);
            if (handler is null)
            {
                _updateHandlers.Remove(key);
                return;
            }
            _updateHandlers[key] = handler;
            foreach (var run in _workflows.GetValueOrDefault((@namespace, workflowId)) ?? [])
            {
                if (!run.IsOpen) continue;
                foreach (var record in run.Updates.Values.Where(u => !u.Dispatched && u.Name == updateName))
                {
                    record.Dispatched = true;
                    waiting.Add((run, record, Call(run, record)));
                }
            }
        }
        foreach (var (run, record, call) in waiting) Apply(run, record, Handle(handler, call));
    }

    /// <summary>
    /// Plays the worker finishing an update it accepted earlier (<see cref="UpdateAnswer.Accept"/>):
    /// <paramref name="outcome"/> must be <see cref="UpdateAnswer.Complete"/> or
    /// <see cref="UpdateAnswer.Fail(string, string)"/>. Writes the workflow task and the
    /// WorkflowExecutionUpdateCompleted event. NotFound for a missing or closed run or an unknown update.
    /// </summary>
    public void CompleteUpdate(string @namespace, WorkflowExecution execution, string updateId, UpdateAnswer outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind is not (UpdateAnswerKind.Completed or UpdateAnswerKind.Failed))
            throw new ArgumentException($"an accepted update completes or fails, it cannot be {outcome.Kind}", nameof(outcome));
        using (Enter())
        {
            var run = FindOpen(@namespace, execution);
            if (!run.Updates.TryGetValue(updateId, out var record) || record.Stage != UpdateWorkflowExecutionLifecycleStage.Accepted)
                throw Fail(StatusCode.NotFound, $"update \"{updateId}\" not found or not waiting for its outcome", NotFoundDetail());
            CompleteWorkflowTask(run);
            Completed(run, record, Outcome(outcome));
        }
    }

    /// <summary>
    /// Admits an update, hands it to the handler (or keeps it until one is registered) and waits for the
    /// stage asked: COMPLETED by default, ACCEPTED; ADMITTED is refused PERMISSION_DENIED, as the frontend
    /// does. A known update id returns the same update's outcome; an unknown one on a closed run is
    /// NOT_FOUND "workflow execution already completed". A canceled <paramref name="cancellationToken"/>
    /// ends the wait with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var updateRequest = request.Request?.Clone();
        if (updateRequest?.Meta is null) throw Fail(StatusCode.InvalidArgument, "Update meta is not set on request.", null);
        if (updateRequest.Meta.UpdateId.Length > Operations.TemporalLimits.MaxIdBytes)
            throw Fail(StatusCode.InvalidArgument, "UpdateId length exceeds limit.", null);
        if (updateRequest.Meta.UpdateId.Length == 0) updateRequest.Meta.UpdateId = Guid.NewGuid().ToString();
        if (updateRequest.Input is null) throw Fail(StatusCode.InvalidArgument, "Update input is not set on request.", null);
        if (updateRequest.Input.Name.Length == 0) throw Fail(StatusCode.InvalidArgument, "Update name is not set on request.", null);
        var wait = request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Unspecified;
        if (wait == UpdateWorkflowExecutionLifecycleStage.Unspecified) wait = UpdateWorkflowExecutionLifecycleStage.Completed;
        if (wait == UpdateWorkflowExecutionLifecycleStage.Admitted)
            throw Fail(StatusCode.PermissionDenied, "UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported.", null);

        var updateId = updateRequest.Meta.UpdateId;
        Run run;
        UpdateRecord record;
        UpdateCall? dispatch = null;
        Func<UpdateCall, UpdateAnswer>? handler = null;
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            RequireExecution(request.WorkflowExecution);
            run = Find(request.Namespace, request.WorkflowExecution);
            if (request.FirstExecutionRunId.Length > 0 && request.FirstExecutionRunId != run.FirstRunId)
                throw Fail(StatusCode.NotFound, "workflow execution not found", NotFoundDetail());
            if (!run.Updates.TryGetValue(updateId, out var existing))
            {
                if (!run.IsOpen) throw Fail(StatusCode.NotFound, "workflow execution already completed", NotFoundDetail());
                if (run.Updates.Values.Count(u => u.Stage != UpdateWorkflowExecutionLifecycleStage.Completed) >= MaxInFlightUpdates)
                    throw Fail(StatusCode.ResourceExhausted, $"limit on number of concurrent in-flight updates has been reached ({MaxInFlightUpdates})",
                        new ResourceExhaustedFailure { Cause = ResourceExhaustedCause.ConcurrentLimit, Scope = ResourceExhaustedScope.Namespace });
                if (run.Updates.Count >= MaxTotalUpdates)
                    throw Fail(StatusCode.FailedPrecondition,
                        $"The limit on the total number of distinct updates in this workflow has been reached ({MaxTotalUpdates}).", null);
                existing = new UpdateRecord(updateRequest);
                run.Updates[updateId] = existing;
                handler = _updateHandlers.GetValueOrDefault((request.Namespace, run.WorkflowId, existing.Name));
                if (handler is not null)
                {
                    existing.Dispatched = true;
                    dispatch = Call(run, existing);
                }
            }
            record = existing;
        }
        if (dispatch is not null) Apply(run, record, Handle(handler!, dispatch));

        var (stage, outcome) = await WaitForStageAsync(record, wait, cancellationToken).ConfigureAwait(false);
        return new UpdateWorkflowExecutionResponse
        {
            UpdateRef = new UpdateRef { WorkflowExecution = run.Execution(), UpdateId = updateId },
            Stage = stage,
            Outcome = outcome,
        };
    }

    /// <summary>
    /// Waits for an update to reach a stage, as the server does: UNSPECIFIED or ADMITTED answer the stage
    /// reached at once, ACCEPTED and COMPLETED wait up to <see cref="UpdateWorkerTimeout"/> and then
    /// answer the stage reached. NOT_FOUND <c>update "id" not found</c> for an update the run does not hold.
    /// </summary>
    public async ValueTask<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.UpdateRef is null) throw Fail(StatusCode.InvalidArgument, "UpdateRef is not set on request.", null);
        Run run;
        UpdateRecord record;
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            if (request.UpdateRef.WorkflowExecution is not { WorkflowId.Length: > 0 })
                throw Fail(StatusCode.InvalidArgument, "Can't load workflow execution.  WorkflowId not set.", null);
            run = Find(request.Namespace, request.UpdateRef.WorkflowExecution);
            record = run.Updates.GetValueOrDefault(request.UpdateRef.UpdateId)
                ?? throw Fail(StatusCode.NotFound, $"update \"{request.UpdateRef.UpdateId}\" not found", NotFoundDetail());
        }
        var wait = request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Unspecified;
        var (stage, outcome) = await WaitForStageAsync(record, wait, cancellationToken).ConfigureAwait(false);
        return new PollWorkflowExecutionUpdateResponse
        {
            UpdateRef = new UpdateRef { WorkflowExecution = run.Execution(), UpdateId = record.Id },
            Stage = stage,
            Outcome = outcome,
        };
    }

    private async Task<(UpdateWorkflowExecutionLifecycleStage Stage, Outcome? Outcome)> WaitForStageAsync(
        UpdateRecord record, UpdateWorkflowExecutionLifecycleStage wanted, CancellationToken cancellationToken)
    {
        using var soft = new CancellationTokenSource(UpdateWorkerTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(soft.Token, cancellationToken);
        while (true)
        {
            Task changed;
            using (Enter())
            {
                if (Reached(record, wanted) is { } reached) return reached;
                changed = record.Changed.Task;
            }
            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!changed.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // The server's soft timeout: the most advanced stage reached, and no outcome before completion.
                using (Enter()) return Reached(record, UpdateWorkflowExecutionLifecycleStage.Unspecified)!.Value;
            }
        }
    }

    // The answer for a waiter when the update has reached the stage wanted; null while it has not.
    private static (UpdateWorkflowExecutionLifecycleStage, Outcome?)? Reached(UpdateRecord record, UpdateWorkflowExecutionLifecycleStage wanted)
    {
        if (record.Aborted is { } aborted) throw Fail(aborted.Code, aborted.Message, aborted.Detail);
        if (record.Stage == UpdateWorkflowExecutionLifecycleStage.Completed) return (record.Stage, record.Outcome!.Clone());
        if (wanted is UpdateWorkflowExecutionLifecycleStage.Unspecified or UpdateWorkflowExecutionLifecycleStage.Admitted || record.Stage >= wanted)
            return (record.Stage, null);
        return null;
    }

    // The test's handler runs outside the lock (it may call the engine), as a worker answers later.
    private static UpdateAnswer Handle(Func<UpdateCall, UpdateAnswer> handler, UpdateCall call)
    {
        UpdateAnswer? answer;
        try
        {
            answer = handler(call);
        }
        catch (Exception e)
        {
            answer = UpdateAnswer.Fail(e.Message, e.GetType().Name);
        }
        return answer switch
        {
            null => UpdateAnswer.Reject("the update handler returned no answer", "NullAnswer"),
            { Kind: UpdateAnswerKind.Failed or UpdateAnswerKind.Rejected, Failure: null } => answer with { Failure = MockFailures.Application("the update handler gave no failure") },
            _ => answer,
        };
    }

    // The worker's answer, as the server records it from the workflow task that carried the update.
    private void Apply(Run run, UpdateRecord record, UpdateAnswer answer)
    {
        using (Enter())
        {
            if (!run.IsOpen || record.Stage != UpdateWorkflowExecutionLifecycleStage.Admitted || record.Aborted is not null) return;
            if (answer.Kind == UpdateAnswerKind.Rejected)
            {
                // A rejection writes no event; a pending (not speculative) workflow task that carried it completes.
                if (run.WorkflowTaskScheduled is not null) CompleteWorkflowTask(run);
                record.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
                record.Outcome = new Outcome { Failure = answer.Failure!.Clone() };
                run.Updates.Remove(record.Id);
                record.Signal();
                return;
            }

            var taskCompleted = CompleteWorkflowTask(run);
            record.AcceptedEventId = Append(run, EventType.WorkflowExecutionUpdateAccepted, e => e.WorkflowExecutionUpdateAcceptedEventAttributes = new()
            {
                ProtocolInstanceId = record.Id,
                AcceptedRequestMessageId = record.Id + "/request",
                // The message's sequencing event: the one before the workflow task started.
                AcceptedRequestSequencingEventId = taskCompleted - 2,
                AcceptedRequest = record.Request.Clone(),
            });
            record.Stage = UpdateWorkflowExecutionLifecycleStage.Accepted;
            if (answer.Kind == UpdateAnswerKind.Accepted) record.Signal();
            else Completed(run, record, Outcome(answer));
        }
    }

    private void Completed(Run run, UpdateRecord record, Outcome outcome)
    {
        Append(run, EventType.WorkflowExecutionUpdateCompleted, e => e.WorkflowExecutionUpdateCompletedEventAttributes = new()
        {
            AcceptedEventId = record.AcceptedEventId,
            Meta = record.Request.Meta.Clone(),
            Outcome = outcome.Clone(),
        });
        record.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
        record.Outcome = outcome;
        record.Signal();
    }

    // When the run closes: updates not accepted yet fail (the caller gets the error), accepted ones get
    // the server's failure as their outcome. Called under the lock.
    private void AbortUpdates(Run run)
    {
        foreach (var record in run.Updates.Values.ToArray())
        {
            switch (record.Stage)
            {
                case UpdateWorkflowExecutionLifecycleStage.Admitted:
                    record.Aborted = run.Status == WorkflowExecutionStatus.ContinuedAsNew
                        ? new AbortedUpdate(StatusCode.ResourceExhausted, "workflow operation can not be applied because workflow is closing",
                            new ResourceExhaustedFailure { Cause = ResourceExhaustedCause.BusyWorkflow, Scope = ResourceExhaustedScope.Namespace })
                        : new AbortedUpdate(StatusCode.NotFound, "workflow update was aborted by closing workflow", NotFoundDetail());
                    run.Updates.Remove(record.Id);
                    record.Signal();
                    break;
                case UpdateWorkflowExecutionLifecycleStage.Accepted:
                    record.Stage = UpdateWorkflowExecutionLifecycleStage.Completed;
                    record.Outcome = new Outcome { Failure = AcceptedUpdateCompletedWorkflow() };
                    record.Signal();
                    break;
            }
        }
    }

    private static Failure AcceptedUpdateCompletedWorkflow() => new()
    {
        Message = "Workflow Update failed because the Workflow completed before the Update completed.",
        Source = "Server",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = "AcceptedUpdateCompletedWorkflow", NonRetryable = true },
    };

    private static Outcome Outcome(UpdateAnswer answer)
    {
        if (answer.Kind == UpdateAnswerKind.Failed) return new Outcome { Failure = answer.Failure!.Clone() };
        var success = new Payloads();
        success.Payloads_.AddRange((answer.Result ?? []).Select(p => p.Clone()));
        return new Outcome { Success = success };
    }

    private static UpdateCall Call(Run run, UpdateRecord record) =>
        new(run.Namespace, run.Execution(), record.Id, record.Name, record.Request.Input.Args?.Payloads_.Select(p => p.Clone()).ToArray() ?? []);

    private sealed record AbortedUpdate(StatusCode Code, string Message, IMessage Detail);

    /// <summary>One update of a run, from admission to its outcome. Touched under the engine's lock.</summary>
    private sealed class UpdateRecord(Request request)
    {
        public Request Request { get; } = request;
        public string Id => Request.Meta.UpdateId;
        public string Name => Request.Input.Name;
        public UpdateWorkflowExecutionLifecycleStage Stage { get; set; } = UpdateWorkflowExecutionLifecycleStage.Admitted;
        public Outcome? Outcome { get; set; }
        public AbortedUpdate? Aborted { get; set; }
        public bool Dispatched { get; set; }
        public long AcceptedEventId { get; set; }

        /// <summary>Completed (and replaced) whenever the update moves on.</summary>
        public TaskCompletionSource Changed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Signal()
        {
            var changed = Changed;
            Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }
}
