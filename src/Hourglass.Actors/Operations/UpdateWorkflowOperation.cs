using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary>
    /// <see cref="UpdateWorkflow"/> → UpdateWorkflowExecution (+ PollWorkflowExecutionUpdate) →
    /// <see cref="WorkflowUpdated"/>. As Temporal's SDKs do, the update is sent again with the same id
    /// while the server reports it only admitted (an admitted update lives in the server's memory), then
    /// polled until the stage asked; all of it within <c>hourglass.real.update-timeout</c>.
    /// </summary>
    internal sealed class UpdateWorkflowOperation : BackendOperation<UpdateWorkflow, WorkflowUpdated>
    {
        protected override void Validate(UpdateWorkflow u, ref Validator v)
        {
            v.Handle(u.Handle, nameof(UpdateWorkflow.Handle));
            v.Id(u.UpdateName, nameof(UpdateWorkflow.UpdateName));
            v.Payloads(u.Args, nameof(UpdateWorkflow.Args));
            v.Id(u.UpdateId, nameof(UpdateWorkflow.UpdateId));
            v.Defined<UpdateWorkflowExecutionLifecycleStage>(u.WaitStage, nameof(UpdateWorkflow.WaitStage));
            if (u.WaitStage == UpdateWorkflowExecutionLifecycleStage.Admitted)
                v.Fail(nameof(UpdateWorkflow.WaitStage), "cannot be Admitted: Temporal does not wait for an update to be admitted only (wait for Accepted or Completed)");
        }

        protected override UpdateWorkflow Defaults(UpdateWorkflow u, HourglassSettings settings)
        {
            var handle = Resolve(u.Handle, settings);
            var stage = u.WaitStage == UpdateWorkflowExecutionLifecycleStage.Unspecified ? UpdateWorkflowExecutionLifecycleStage.Completed : u.WaitStage;
            return ReferenceEquals(handle, u.Handle) && stage == u.WaitStage ? u : u with { Handle = handle, WaitStage = stage };
        }

        protected override async ValueTask<WorkflowUpdated> ExecuteAsync(UpdateWorkflow u, ITemporalService temporal, OperationContext context)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.Stopping);
            deadline.CancelAfter(context.UpdateTimeout);
            var request = new UpdateWorkflowExecutionRequest
            {
                Namespace = u.Handle.Namespace,
                WorkflowExecution = TemporalRequests.Execution(u.Handle),
                WaitPolicy = new WaitPolicy { LifecycleStage = u.WaitStage },
                Request = new Request
                {
                    Meta = new Meta { UpdateId = u.UpdateId, Identity = context.Identity },
                    Input = new Input { Name = u.UpdateName, Args = HourglassPayload.ToPayloads(u.Args) },
                },
            };
            var reached = UpdateWorkflowExecutionLifecycleStage.Unspecified;
            try
            {
                var response = await temporal.UpdateWorkflowExecutionAsync(request, deadline.Token).ConfigureAwait(false);
                while (response.Stage < UpdateWorkflowExecutionLifecycleStage.Accepted)
                {
                    reached = response.Stage;
                    response = await temporal.UpdateWorkflowExecutionAsync(request, deadline.Token).ConfigureAwait(false);
                }
                var (stage, outcome) = (response.Stage, response.Outcome);
                var run = response.UpdateRef?.WorkflowExecution?.RunId is { Length: > 0 } resolved ? resolved : u.Handle.RunId;
                while (outcome is null && stage < u.WaitStage)
                {
                    reached = stage;
                    var polled = await temporal.PollWorkflowExecutionUpdateAsync(new PollWorkflowExecutionUpdateRequest
                    {
                        Namespace = u.Handle.Namespace,
                        UpdateRef = new UpdateRef { WorkflowExecution = new() { WorkflowId = u.Handle.WorkflowId, RunId = run }, UpdateId = u.UpdateId },
                        Identity = context.Identity,
                        WaitPolicy = new WaitPolicy { LifecycleStage = u.WaitStage },
                    }, deadline.Token).ConfigureAwait(false);
                    (stage, outcome) = (polled.Stage, polled.Outcome);
                }
                if (outcome is not null) stage = UpdateWorkflowExecutionLifecycleStage.Completed;
                return new WorkflowUpdated(u.Handle with { RunId = run }, u.UpdateId, stage,
                    outcome?.Success is { } success ? success.Payloads_.ToArray() : outcome is { Failure: null } ? [] : null,
                    outcome?.Failure);
            }
            catch (Exception e) when (TemporalRequests.EndedBy(deadline, e) && !context.Stopping.IsCancellationRequested)
            {
                var seen = reached == UpdateWorkflowExecutionLifecycleStage.Unspecified ? "" : $" (it was {reached})";
                throw new TemporalCallException(new HourglassError(ErrorKind.Timeout,
                    $"update {u.UpdateName} ({u.UpdateId}) of {u.Handle} did not reach {u.WaitStage} within hourglass.real.update-timeout = {DurationText.Format(context.UpdateTimeout)}{seen}; " +
                    "send the same UpdateWorkflow again to go on waiting for it"), e);
            }
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<UpdateWorkflow, P.UpdateWorkflow>("UW", P.UpdateWorkflow.Parser,
                m =>
                {
                    var p = new P.UpdateWorkflow { Handle = Write(m.Handle), Args = Write(m.Args), WaitStage = (int)m.WaitStage };
                    if (m.UpdateName is not null) p.UpdateName = m.UpdateName;
                    if (m.UpdateId is not null) p.UpdateId = m.UpdateId;
                    return p;
                },
                p => new UpdateWorkflow(Read(p.Handle), Str(p.HasUpdateName, p.UpdateName)!, Read(p.Args))
                {
                    UpdateId = Str(p.HasUpdateId, p.UpdateId)!,
                    WaitStage = (UpdateWorkflowExecutionLifecycleStage)p.WaitStage,
                }),
            MessageCodec.Of<WorkflowUpdated, P.WorkflowUpdated>("WUD", P.WorkflowUpdated.Parser,
                m =>
                {
                    var p = new P.WorkflowUpdated { Handle = Write(m.Handle), Stage = (int)m.Stage, Result = Write(m.Result) };
                    if (m.UpdateId is not null) p.UpdateId = m.UpdateId;
                    if (m.Failure is not null) p.Failure = Bytes(m.Failure);
                    return p;
                },
                p => new WorkflowUpdated(Read(p.Handle), Str(p.HasUpdateId, p.UpdateId)!, (UpdateWorkflowExecutionLifecycleStage)p.Stage,
                    p.Result is null ? null : Read(p.Result), ReadFailure(p.HasFailure, p.Failure))),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>
        /// How long the update helper waits for a reply when no timeout is given: a little longer than the
        /// default <c>hourglass.real.update-timeout</c> (60 s), so the operation's own Timeout arrives first.
        /// Pass a longer timeout when you raise that setting.
        /// </summary>
        public static readonly TimeSpan DefaultUpdateAskTimeout = TimeSpan.FromSeconds(70);

        /// <summary>
        /// Updates a workflow and waits for the stage asked; returns the reply, whose <c>Failure</c> is set when
        /// the worker rejected or failed the update (<c>ResultAs&lt;T&gt;()</c> then throws).
        /// </summary>
        public static Task<WorkflowUpdated> UpdateWorkflowAsync(this IActorRef hourglass, UpdateWorkflow update,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, update, timeout ?? DefaultUpdateAskTimeout, cancellationToken);

        /// <summary>Updates a workflow with plain .NET values as the arguments and waits until it completed.</summary>
        public static Task<WorkflowUpdated> UpdateWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, string updateName, params object?[] args) =>
            UpdateWorkflowAsync(hourglass, new UpdateWorkflow(handle, updateName, args));
    }
}
