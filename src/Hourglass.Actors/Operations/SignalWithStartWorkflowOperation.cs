using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.Enums.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary>
    /// <see cref="SignalWithStartWorkflow"/> → SignalWithStartWorkflowExecution →
    /// <see cref="WorkflowStarted"/> (with <see cref="WorkflowStarted.Started"/> as the server answers it).
    /// The start is checked, defaulted and sent exactly as <see cref="StartWorkflowOperation"/> does it.
    /// </summary>
    internal sealed class SignalWithStartWorkflowOperation : BackendOperation<SignalWithStartWorkflow, WorkflowStarted>
    {
        protected override void Validate(SignalWithStartWorkflow s, ref Validator v)
        {
            const string start = nameof(SignalWithStartWorkflow.Start);
            if (s.Start is null) v.Fail(start, "is required (the workflow to start when none is running)");
            else
            {
                StartWorkflowOperation.CheckStart(s.Start, ref v, start + ".");
                // The server refuses Fail here (ValidateSignalWithStartRequest): a running run is what this operation signals.
                if (s.Start.IdConflictPolicy == WorkflowIdConflictPolicy.Fail)
                    v.Fail($"{start}.{nameof(StartWorkflow.IdConflictPolicy)}",
                        "cannot be Fail for a signal-with-start (UseExisting signals the running run, TerminateExisting replaces it)");
            }
            v.Id(s.SignalName, nameof(SignalWithStartWorkflow.SignalName));
            v.Payloads(s.SignalArgs, nameof(SignalWithStartWorkflow.SignalArgs));
        }

        protected override SignalWithStartWorkflow Defaults(SignalWithStartWorkflow s, HourglassSettings settings)
        {
            var start = StartWorkflowOperation.WithStartDefaults(s.Start, settings);
            return ReferenceEquals(start, s.Start) ? s : s with { Start = start };
        }

        protected override async ValueTask<WorkflowStarted> ExecuteAsync(SignalWithStartWorkflow s, ITemporalService temporal, OperationContext context)
        {
            var request = StartWorkflowOperation.SignalWithStartRequest(s.Start, s.SignalName, s.SignalArgs, context.Identity);
            var response = await temporal.SignalWithStartWorkflowExecutionAsync(request, context.Stopping).ConfigureAwait(false);
            return new WorkflowStarted(new WorkflowHandle(s.Start.Namespace!, s.Start.WorkflowId, response.RunId)) { Started = response.Started };
        }

        // The reply, WorkflowStarted, is StartWorkflowOperation's.
        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<SignalWithStartWorkflow, P.SignalWithStartWorkflow>("SWS", P.SignalWithStartWorkflow.Parser,
                m =>
                {
                    var p = new P.SignalWithStartWorkflow { SignalArgs = Write(m.SignalArgs) };
                    if (m.Start is not null) p.Start = StartWorkflowOperation.WriteStart(m.Start);
                    if (m.SignalName is not null) p.SignalName = m.SignalName;
                    return p;
                },
                p => new SignalWithStartWorkflow(
                    p.Start is null ? null! : StartWorkflowOperation.ReadStart(p.Start),
                    Str(p.HasSignalName, p.SignalName)!,
                    Read(p.SignalArgs))),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>
        /// Signals a workflow, starting it first when none with its id is running; returns the reply,
        /// whose <see cref="WorkflowStarted.Started"/> tells whether this call started the run.
        /// </summary>
        public static Task<WorkflowStarted> SignalWithStartWorkflowAsync(this IActorRef hourglass, SignalWithStartWorkflow signalWithStart,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            AskAsync(hourglass, signalWithStart, timeout, cancellationToken);

        /// <summary>Signals a workflow with plain .NET values as the signal input, starting it first when none is running.</summary>
        public static Task<WorkflowStarted> SignalWithStartWorkflowAsync(this IActorRef hourglass, StartWorkflow start, string signalName,
            params object?[] signalArgs) =>
            SignalWithStartWorkflowAsync(hourglass, new SignalWithStartWorkflow(start, signalName, signalArgs));
    }
}
