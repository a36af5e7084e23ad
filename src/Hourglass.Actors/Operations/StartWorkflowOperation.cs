using System.Runtime.Serialization;
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
            v.Id(s.WorkflowType, new FieldName(prefix, nameof(StartWorkflow.WorkflowType)));
            v.Id(s.WorkflowId, new FieldName(prefix, nameof(StartWorkflow.WorkflowId)));
            v.Payloads(s.Args, new FieldName(prefix, nameof(StartWorkflow.Args)));
            v.OptionalId(s.TaskQueue, new FieldName(prefix, nameof(StartWorkflow.TaskQueue)));
            if (s.Namespace is not null) v.Namespace(s.Namespace, new FieldName(prefix, nameof(StartWorkflow.Namespace)), emptyIsDefault: true);
            v.Defined(s.IdReusePolicy, new FieldName(prefix, nameof(StartWorkflow.IdReusePolicy)));
            v.Defined(s.IdConflictPolicy, new FieldName(prefix, nameof(StartWorkflow.IdConflictPolicy)));
            CheckPolicies(s, ref v, prefix);
            v.Timeout(s.ExecutionTimeout, new FieldName(prefix, nameof(StartWorkflow.ExecutionTimeout)), TemporalLimits.MaxDuration);
            v.Timeout(s.RunTimeout, new FieldName(prefix, nameof(StartWorkflow.RunTimeout)), TemporalLimits.MaxDuration);
            v.Timeout(s.TaskTimeout, new FieldName(prefix, nameof(StartWorkflow.TaskTimeout)), TemporalLimits.MaxDuration);
            v.RetryPolicy(s.RetryPolicy, new FieldName(prefix, nameof(StartWorkflow.RetryPolicy)));
            v.Memo(s.Memo, new FieldName(prefix, nameof(StartWorkflow.Memo)));
            v.SearchAttributes(s.SearchAttributes, new FieldName(prefix, nameof(StartWorkflow.SearchAttributes)));
            v.Delay(s.StartDelay, new FieldName(prefix, nameof(StartWorkflow.StartDelay)), TemporalLimits.MaxDuration);
            v.Id(s.RequestId, new FieldName(prefix, nameof(StartWorkflow.RequestId)));
        }

        // The pairs the server's ValidateWorkflowIDReusePolicy refuses (chasm/lib/workflow/validator.go).
        private static void CheckPolicies(StartWorkflow s, ref Validator v, string prefix)
        {
#pragma warning disable CS0612 // deprecated in favour of the conflict policy; the server still takes it
            if (s.IdReusePolicy == WorkflowIdReusePolicy.TerminateIfRunning && s.IdConflictPolicy is { } conflict && conflict != WorkflowIdConflictPolicy.Unspecified)
#pragma warning restore CS0612
                v.Fail(new FieldName(prefix, nameof(StartWorkflow.IdReusePolicy)),
                    $"TerminateIfRunning cannot be used together with an IdConflictPolicy (got {conflict}); use IdConflictPolicy TerminateExisting alone");
            if (s.IdConflictPolicy == WorkflowIdConflictPolicy.TerminateExisting && s.IdReusePolicy == WorkflowIdReusePolicy.RejectDuplicate)
                v.Fail(new FieldName(prefix, nameof(StartWorkflow.IdReusePolicy)), "RejectDuplicate cannot be used together with IdConflictPolicy TerminateExisting");
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

        /// <summary>The StartWorkflowExecution request of a start: every field of it, as the server names them.</summary>
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
                WorkflowIdConflictPolicy = op.IdConflictPolicy ?? WorkflowIdConflictPolicy.Unspecified,
                RetryPolicy = op.RetryPolicy?.Clone(),
                Memo = Memo(op.Memo),
                SearchAttributes = SearchAttributeValue.ToProto(op.SearchAttributes),
            };
            return request;
        }

        /// <summary>
        /// The SignalWithStartWorkflowExecution request of a start and a signal: the start's fields as
        /// <see cref="Request"/> makes them (so both RPCs carry a start alike), the signal beside them.
        /// The start's request id deduplicates both.
        /// </summary>
        internal static SignalWithStartWorkflowExecutionRequest SignalWithStartRequest(StartWorkflow op, string signalName,
            IReadOnlyList<Payload> signalArgs, string identity)
        {
            var start = Request(op, identity);
            return new SignalWithStartWorkflowExecutionRequest
            {
                Namespace = start.Namespace,
                WorkflowId = start.WorkflowId,
                WorkflowType = start.WorkflowType,
                TaskQueue = start.TaskQueue,
                Input = start.Input,
                WorkflowExecutionTimeout = start.WorkflowExecutionTimeout,
                WorkflowRunTimeout = start.WorkflowRunTimeout,
                WorkflowTaskTimeout = start.WorkflowTaskTimeout,
                WorkflowStartDelay = start.WorkflowStartDelay,
                Identity = start.Identity,
                RequestId = start.RequestId,
                WorkflowIdReusePolicy = start.WorkflowIdReusePolicy,
                WorkflowIdConflictPolicy = start.WorkflowIdConflictPolicy,
                RetryPolicy = start.RetryPolicy,
                Memo = start.Memo,
                SearchAttributes = start.SearchAttributes,
                SignalName = signalName,
                SignalInput = HourglassPayload.ToPayloads(signalArgs),
            };
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
            if (m.IdConflictPolicy is { } conflict) p.IdConflictPolicy = (int)conflict;
            if (m.SearchAttributes is not null) p.SearchAttributes = WriteSearchAttributes(m.SearchAttributes);
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
                IdConflictPolicy = p.HasIdConflictPolicy ? (WorkflowIdConflictPolicy)p.IdConflictPolicy : null,
                SearchAttributes = ReadSearchAttributes(p.SearchAttributes),
            };

        private static P.SearchAttributeMap WriteSearchAttributes(IReadOnlyDictionary<string, SearchAttributeValue> attributes)
        {
            var map = new P.SearchAttributeMap();
            foreach (var (name, value) in attributes)
            {
                var entry = new P.SearchAttributeEntry { Key = name };
                if (value is not null) entry.Value = WriteSearchAttribute(value);
                map.Entries.Add(entry);
            }
            return map;
        }

        private static P.SearchAttributeValue WriteSearchAttribute(SearchAttributeValue value)
        {
            var p = new P.SearchAttributeValue { Type = (int)value.Type };
            switch (value.Value)
            {
                case string text: p.Text = text; break;
                case long number: p.Int = number; break;
                case double number: p.Double = number; break;
                case bool flag: p.Bool = flag; break;
                case DateTimeOffset time: p.Datetime = Write(time); break;
                case IReadOnlyList<string> keywords: p.Keywords = Write(keywords, "SearchAttributeValue.KeywordList"); break;
            }
            return p;
        }

        private static IReadOnlyDictionary<string, SearchAttributeValue>? ReadSearchAttributes(P.SearchAttributeMap? map)
        {
            if (map is null) return null;
            var attributes = new Dictionary<string, SearchAttributeValue>(map.Entries.Count, StringComparer.Ordinal);
            foreach (var entry in map.Entries)
                attributes.Add(entry.Key, entry.Value is null ? null! : ReadSearchAttribute(entry.Key, entry.Value));
            return attributes;
        }

        private static SearchAttributeValue ReadSearchAttribute(string name, P.SearchAttributeValue p)
        {
            var type = (IndexedValueType)p.Type;
            object? value = type switch
            {
                IndexedValueType.Keyword or IndexedValueType.Text => p.HasText ? p.Text : null,
                IndexedValueType.Int => p.Int,
                IndexedValueType.Double => p.Double,
                IndexedValueType.Bool => p.Bool,
                IndexedValueType.Datetime => ReadInstant(p.Datetime),
                IndexedValueType.KeywordList => p.Keywords?.Items,
                _ => null,
            };
            return SearchAttributeValue.Of(type, value)
                ?? throw new SerializationException($"search attribute {name} has no value of type {type} on the wire");
        }
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
