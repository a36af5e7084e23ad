using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary><see cref="StartWorkflow"/> → StartWorkflowExecution → <see cref="WorkflowStarted"/>.</summary>
    internal sealed class StartWorkflowOperation : BackendOperation<StartWorkflow, WorkflowStarted>
    {
        protected override void Validate(StartWorkflow s, ref Validator v) => CheckStart(s, ref v, "");

        /// <summary>The checks of a start's fields, shared with signal-with-start (whose start sits under <paramref name="prefix"/>).</summary>
        internal static void CheckStart(StartWorkflow s, ref Validator v, string prefix)
        {
            v.Id(s.WorkflowType, prefix + nameof(StartWorkflow.WorkflowType));
            v.Id(s.WorkflowId, prefix + nameof(StartWorkflow.WorkflowId));
            v.Payloads(s.Args, prefix + nameof(StartWorkflow.Args));
            v.OptionalId(s.TaskQueue, prefix + nameof(StartWorkflow.TaskQueue));
            if (s.Namespace is not null) v.Namespace(s.Namespace, prefix + nameof(StartWorkflow.Namespace), emptyIsDefault: true);
            v.Defined(s.IdReusePolicy, prefix + nameof(StartWorkflow.IdReusePolicy));
            v.Timeout(s.ExecutionTimeout, prefix + nameof(StartWorkflow.ExecutionTimeout), TemporalLimits.MaxDuration);
            v.Timeout(s.RunTimeout, prefix + nameof(StartWorkflow.RunTimeout), TemporalLimits.MaxDuration);
            v.Timeout(s.TaskTimeout, prefix + nameof(StartWorkflow.TaskTimeout), TemporalLimits.MaxDuration);
            v.RetryPolicy(s.RetryPolicy, prefix + nameof(StartWorkflow.RetryPolicy));
            v.Memo(s.Memo, prefix + nameof(StartWorkflow.Memo));
            v.Delay(s.StartDelay, prefix + nameof(StartWorkflow.StartDelay), TemporalLimits.MaxDuration);
            v.Id(s.RequestId, prefix + nameof(StartWorkflow.RequestId));
        }

        protected override StartWorkflow Defaults(StartWorkflow s, HourglassSettings settings) => WithStartDefaults(s, settings);

        /// <summary>The start with the default namespace and task queue where it names none.</summary>
        internal static StartWorkflow WithStartDefaults(StartWorkflow s, HourglassSettings settings) =>
            string.IsNullOrEmpty(s.Namespace) || string.IsNullOrEmpty(s.TaskQueue)
                ? s with
                {
                    Namespace = string.IsNullOrEmpty(s.Namespace) ? settings.DefaultNamespace : s.Namespace,
                    TaskQueue = string.IsNullOrEmpty(s.TaskQueue) ? settings.DefaultTaskQueue : s.TaskQueue,
                }
                : s;

        protected override async ValueTask<WorkflowStarted> ExecuteAsync(StartWorkflow start, ITemporalService temporal, OperationContext context)
        {
            var response = await temporal.StartWorkflowExecutionAsync(Request(start, context.Identity), context.Stopping).ConfigureAwait(false);
            return new WorkflowStarted(new WorkflowHandle(start.Namespace!, start.WorkflowId, response.RunId)) { Started = response.Started };
        }

        internal static StartWorkflowExecutionRequest Request(StartWorkflow op, string identity)
        {
            var request = new StartWorkflowExecutionRequest
            {
                Namespace = op.Namespace ?? "",
                WorkflowId = op.WorkflowId,
                WorkflowType = new WorkflowType { Name = op.WorkflowType },
                TaskQueue = new TaskQueue { Name = op.TaskQueue ?? "", Kind = TaskQueueKind.Normal },
                Input = HourglassPayload.ToPayloads(op.Args),
                WorkflowExecutionTimeout = TemporalRequests.ToDuration(op.ExecutionTimeout),
                WorkflowRunTimeout = TemporalRequests.ToDuration(op.RunTimeout),
                WorkflowTaskTimeout = TemporalRequests.ToDuration(op.TaskTimeout),
                WorkflowStartDelay = TemporalRequests.ToDuration(op.StartDelay),
                Identity = identity,
                RequestId = op.RequestId,
                WorkflowIdReusePolicy = op.IdReusePolicy ?? WorkflowIdReusePolicy.Unspecified,
                RetryPolicy = op.RetryPolicy?.Clone(),
                Memo = Memo(op.Memo),
            };
            return request;
        }

        internal static Memo? Memo(IReadOnlyDictionary<string, Payload>? memo)
        {
            if (memo is not { Count: > 0 }) return null;
            var result = new Memo();
            foreach (var (key, value) in memo) result.Fields[key] = value;
            return result;
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<StartWorkflow, P.StartWorkflow>("SW", P.StartWorkflow.Parser, WriteStart, ReadStart),
            MessageCodec.Of<WorkflowStarted, P.WorkflowStarted>("WST", P.WorkflowStarted.Parser,
                m => new P.WorkflowStarted { Handle = Write(m.Handle), Started = m.Started },
                p => new WorkflowStarted(Read(p.Handle)) { Started = !p.HasStarted || p.Started }),
        ];

        internal static P.StartWorkflow WriteStart(StartWorkflow m)
        {
            var p = new P.StartWorkflow
            {
                Args = Write(m.Args),
                Memo = Write(m.Memo),
            };
            if (m.WorkflowType is not null) p.WorkflowType = m.WorkflowType;
            if (m.WorkflowId is not null) p.WorkflowId = m.WorkflowId;
            if (m.TaskQueue is not null) p.TaskQueue = m.TaskQueue;
            if (m.Namespace is not null) p.Namespace = m.Namespace;
            if (m.IdReusePolicy is { } policy) p.IdReusePolicy = (int)policy;
            if (m.ExecutionTimeout is { } execution) p.ExecutionTimeoutTicks = execution.Ticks;
            if (m.RunTimeout is { } run) p.RunTimeoutTicks = run.Ticks;
            if (m.TaskTimeout is { } task) p.TaskTimeoutTicks = task.Ticks;
            if (m.RetryPolicy is not null) p.RetryPolicy = Bytes(m.RetryPolicy);
            if (m.StartDelay is { } delay) p.StartDelayTicks = delay.Ticks;
            if (m.RequestId is not null) p.RequestId = m.RequestId;
            return p;
        }

        internal static StartWorkflow ReadStart(P.StartWorkflow p) =>
            new(Str(p.HasWorkflowType, p.WorkflowType)!, Str(p.HasWorkflowId, p.WorkflowId)!, Read(p.Args))
            {
                TaskQueue = Str(p.HasTaskQueue, p.TaskQueue),
                Namespace = Str(p.HasNamespace, p.Namespace),
                IdReusePolicy = p.HasIdReusePolicy ? (WorkflowIdReusePolicy)p.IdReusePolicy : null,
                ExecutionTimeout = Span(p.HasExecutionTimeoutTicks, p.ExecutionTimeoutTicks),
                RunTimeout = Span(p.HasRunTimeoutTicks, p.RunTimeoutTicks),
                TaskTimeout = Span(p.HasTaskTimeoutTicks, p.TaskTimeoutTicks),
                RetryPolicy = p.HasRetryPolicy ? RetryPolicy.Parser.ParseFrom(p.RetryPolicy) : null,
                Memo = Read(p.Memo),
                StartDelay = Span(p.HasStartDelayTicks, p.StartDelayTicks),
                RequestId = Str(p.HasRequestId, p.RequestId)!,
            };
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Starts a workflow; returns its handle with the run id.</summary>
        public static async Task<WorkflowHandle> StartWorkflowAsync(this IActorRef hourglass, StartWorkflow start,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, start, timeout, cancellationToken).ConfigureAwait(false)).Handle;
    }
}
