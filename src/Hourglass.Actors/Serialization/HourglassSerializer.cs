using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Serialization;

/// <summary>
/// Serializes every Hourglass message that may cross a cluster node (<see cref="IHourglassMessage"/>)
/// with Google.Protobuf. Each message has a short constant manifest; Temporal API messages inside
/// (payloads, failures, histories, describe responses) travel as their own protobuf bytes; actor
/// references travel as their serialized paths. Bound to the marker interface in
/// <c>hocon/hourglass.conf</c> as <c>hourglass</c>.
/// </summary>
/// <remarks>
/// A <see cref="MockExpectation"/> holds a delegate and is refused. Inside an
/// <see cref="OperationFailed"/> (the mock refusing a script line) it travels as its operation type
/// and times only; the responder on the other side is a stand-in that throws.
/// </remarks>
public sealed class HourglassSerializer : SerializerWithStringManifest
{
    /// <summary>
    /// The identifier used unless <c>akka.actor.serialization-identifiers</c> names another one for
    /// this serializer. Every node of a cluster must agree on it.
    /// </summary>
    public const int DefaultIdentifier = 6110;

    /// <summary>The name the serializer is registered under in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "hourglass";

    internal const string StartWorkflowManifest = "SW";
    internal const string DescribeWorkflowManifest = "DW";
    internal const string FetchHistoryManifest = "FH";
    internal const string SignalWorkflowManifest = "SG";
    internal const string CancelWorkflowManifest = "CW";
    internal const string EnsureNamespaceManifest = "EN";
    internal const string GetWorkflowStatusManifest = "GS";
    internal const string AwaitWorkflowManifest = "AW";
    internal const string WorkflowStartedManifest = "WST";
    internal const string WorkflowDescribedManifest = "WDE";
    internal const string HistoryFetchedManifest = "HF";
    internal const string WorkflowSignaledManifest = "WSG";
    internal const string CancelRequestedManifest = "CR";
    internal const string NamespaceEnsuredManifest = "NE";
    internal const string WorkflowStatusManifest = "STA";
    internal const string WorkflowClosedManifest = "WCL";
    internal const string OperationFailedManifest = "OF";
    internal const string HourglassErrorManifest = "ERR";
    internal const string UseBackendManifest = "UB";
    internal const string BackendChoiceManifest = "BC";
    internal const string BackendChangedManifest = "BCH";
    internal const string GetBackendManifest = "GB";
    internal const string BackendInUseManifest = "BIU";
    internal const string GetHourglassStatsManifest = "GHS";
    internal const string HourglassStatsManifest = "HS";
    internal const string CompleteWorkflowManifest = "MCO";
    internal const string FailWorkflowManifest = "MFW";
    internal const string TerminateWorkflowManifest = "MTE";
    internal const string TimeOutWorkflowManifest = "MTO";
    internal const string ContinueAsNewManifest = "MCN";
    internal const string FailActivityManifest = "MFA";
    internal const string SetPendingActivityManifest = "MPA";
    internal const string MockWorkflowUpdatedManifest = "MWU";
    internal const string VerifyMockManifest = "MVE";
    internal const string ResetMockManifest = "MRE";
    internal const string MockScriptAcceptedManifest = "MSA";
    internal const string MockVerifiedManifest = "MVD";

    /// <summary>Only inside an <see cref="OperationFailed"/>: a summary of the refused script line.</summary>
    internal const string MockExpectationManifest = "MEX";

    /// <summary>Every message type this serializer carries, by manifest.</summary>
    internal static readonly IReadOnlyDictionary<string, System.Type> ManifestTypes = new Dictionary<string, System.Type>
    {
        [StartWorkflowManifest] = typeof(StartWorkflow),
        [DescribeWorkflowManifest] = typeof(DescribeWorkflow),
        [FetchHistoryManifest] = typeof(FetchHistory),
        [SignalWorkflowManifest] = typeof(SignalWorkflow),
        [CancelWorkflowManifest] = typeof(CancelWorkflow),
        [EnsureNamespaceManifest] = typeof(EnsureNamespace),
        [GetWorkflowStatusManifest] = typeof(GetWorkflowStatus),
        [AwaitWorkflowManifest] = typeof(AwaitWorkflow),
        [WorkflowStartedManifest] = typeof(WorkflowStarted),
        [WorkflowDescribedManifest] = typeof(WorkflowDescribed),
        [HistoryFetchedManifest] = typeof(HistoryFetched),
        [WorkflowSignaledManifest] = typeof(WorkflowSignaled),
        [CancelRequestedManifest] = typeof(CancelRequested),
        [NamespaceEnsuredManifest] = typeof(NamespaceEnsured),
        [WorkflowStatusManifest] = typeof(WorkflowStatus),
        [WorkflowClosedManifest] = typeof(WorkflowClosed),
        [OperationFailedManifest] = typeof(OperationFailed),
        [HourglassErrorManifest] = typeof(HourglassError),
        [UseBackendManifest] = typeof(UseBackend),
        [BackendChoiceManifest] = typeof(BackendChoice),
        [BackendChangedManifest] = typeof(BackendChanged),
        [GetBackendManifest] = typeof(GetBackend),
        [BackendInUseManifest] = typeof(BackendInUse),
        [GetHourglassStatsManifest] = typeof(GetHourglassStats),
        [HourglassStatsManifest] = typeof(HourglassStats),
        [CompleteWorkflowManifest] = typeof(CompleteWorkflow),
        [FailWorkflowManifest] = typeof(FailWorkflow),
        [TerminateWorkflowManifest] = typeof(TerminateWorkflow),
        [TimeOutWorkflowManifest] = typeof(TimeOutWorkflow),
        [ContinueAsNewManifest] = typeof(ContinueAsNew),
        [FailActivityManifest] = typeof(FailActivity),
        [SetPendingActivityManifest] = typeof(SetPendingActivity),
        [MockWorkflowUpdatedManifest] = typeof(MockWorkflowUpdated),
        [VerifyMockManifest] = typeof(VerifyMock),
        [ResetMockManifest] = typeof(ResetMock),
        [MockScriptAcceptedManifest] = typeof(MockScriptAccepted),
        [MockVerifiedManifest] = typeof(MockVerified),
    };

    private static readonly Dictionary<System.Type, string> TypeManifests =
        ManifestTypes.ToDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>Creates the serializer; Akka calls this with the system it serves.</summary>
    public HourglassSerializer(ExtendedActorSystem system) : base(system)
    {
        Identifier = ConfiguredIdentifier(system) ?? DefaultIdentifier;
    }

    /// <inheritdoc />
    public override int Identifier { get; }

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        StartWorkflow => StartWorkflowManifest,
        DescribeWorkflow => DescribeWorkflowManifest,
        FetchHistory => FetchHistoryManifest,
        SignalWorkflow => SignalWorkflowManifest,
        CancelWorkflow => CancelWorkflowManifest,
        EnsureNamespace => EnsureNamespaceManifest,
        GetWorkflowStatus => GetWorkflowStatusManifest,
        AwaitWorkflow => AwaitWorkflowManifest,
        WorkflowStarted => WorkflowStartedManifest,
        WorkflowDescribed => WorkflowDescribedManifest,
        HistoryFetched => HistoryFetchedManifest,
        WorkflowSignaled => WorkflowSignaledManifest,
        CancelRequested => CancelRequestedManifest,
        NamespaceEnsured => NamespaceEnsuredManifest,
        WorkflowStatus => WorkflowStatusManifest,
        WorkflowClosed => WorkflowClosedManifest,
        OperationFailed => OperationFailedManifest,
        HourglassError => HourglassErrorManifest,
        UseBackend => UseBackendManifest,
        BackendChoice => BackendChoiceManifest,
        BackendChanged => BackendChangedManifest,
        GetBackend => GetBackendManifest,
        BackendInUse => BackendInUseManifest,
        GetHourglassStats => GetHourglassStatsManifest,
        HourglassStats => HourglassStatsManifest,
        CompleteWorkflow => CompleteWorkflowManifest,
        FailWorkflow => FailWorkflowManifest,
        TerminateWorkflow => TerminateWorkflowManifest,
        TimeOutWorkflow => TimeOutWorkflowManifest,
        ContinueAsNew => ContinueAsNewManifest,
        FailActivity => FailActivityManifest,
        SetPendingActivity => SetPendingActivityManifest,
        MockWorkflowUpdated => MockWorkflowUpdatedManifest,
        VerifyMock => VerifyMockManifest,
        ResetMock => ResetMockManifest,
        MockScriptAccepted => MockScriptAcceptedManifest,
        MockVerified => MockVerifiedManifest,
        MockExpectation => MockExpectationManifest,
        _ => throw CannotSerialize(o),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        IMessage message = obj switch
        {
            StartWorkflow m => Write(m),
            DescribeWorkflow m => new P.DescribeWorkflow { Handle = WireFormat.Write(m.Handle) },
            FetchHistory m => new P.FetchHistory { Handle = WireFormat.Write(m.Handle) },
            SignalWorkflow m => Write(m),
            CancelWorkflow m => Write(m),
            EnsureNamespace m => Write(m),
            GetWorkflowStatus m => new P.GetWorkflowStatus { Handle = WireFormat.Write(m.Handle), IncludeFailures = m.IncludeFailures },
            AwaitWorkflow m => Write(m),
            WorkflowStarted m => new P.WorkflowStarted { Handle = WireFormat.Write(m.Handle) },
            WorkflowDescribed m => Write(m),
            HistoryFetched m => Write(m),
            WorkflowSignaled m => Write(m),
            CancelRequested m => new P.CancelRequested { Handle = WireFormat.Write(m.Handle) },
            NamespaceEnsured m => Write(m),
            WorkflowStatus m => WireFormat.Write(m)!,
            WorkflowClosed m => Write(m),
            OperationFailed m => new P.OperationFailed { Request = Nest(m.Request), Error = WireFormat.Write(m.Error) },
            HourglassError m => WireFormat.Write(m)!,
            UseBackend m => new P.UseBackend { Backend = Write(m.Backend) },
            BackendChoice m => Write(m)!,
            BackendChanged m => new P.BackendChanged { Previous = Write(m.Previous) },
            GetBackend or GetHourglassStats or VerifyMock or ResetMock => new Empty(),
            BackendInUse m => new P.BackendInUse { Backend = Write(m.Backend), Source = (int)m.Source },
            HourglassStats m => new P.HourglassStats { Overrides = m.Overrides, Watched = m.Watched, ActiveQueries = m.ActiveQueries },
            CompleteWorkflow m => Write(m),
            FailWorkflow m => Write(m),
            TerminateWorkflow m => Write(m),
            TimeOutWorkflow m => new P.TimeOutWorkflow { Handle = WireFormat.Write(m.Handle) },
            ContinueAsNew m => new P.ContinueAsNew { Handle = WireFormat.Write(m.Handle), Args = WireFormat.Write(m.Args) },
            FailActivity m => Write(m),
            SetPendingActivity m => Write(m),
            MockWorkflowUpdated m => new P.MockWorkflowUpdated { Handle = WireFormat.Write(m.Handle) },
            MockScriptAccepted m => Write(m),
            MockVerified m => Write(m),
            MockExpectation m => throw StaysOnItsNode(m),
            _ => throw CannotSerialize(obj),
        };
        return message.ToByteArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return Read(bytes, manifest);
        }
        catch (SerializationException)
        {
            throw;
        }
        catch (Exception e)
        {
            // Corrupt or truncated bytes, or values no message can hold: refuse the message, never the node.
            throw new SerializationException(
                $"Cannot deserialize an Hourglass message with manifest [{manifest}]: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private object Read(byte[] bytes, string manifest) => manifest switch
    {
        StartWorkflowManifest => Read(P.StartWorkflow.Parser.ParseFrom(bytes)),
        DescribeWorkflowManifest => new DescribeWorkflow(WireFormat.Read(P.DescribeWorkflow.Parser.ParseFrom(bytes).Handle)),
        FetchHistoryManifest => new FetchHistory(WireFormat.Read(P.FetchHistory.Parser.ParseFrom(bytes).Handle)),
        SignalWorkflowManifest => Read(P.SignalWorkflow.Parser.ParseFrom(bytes)),
        CancelWorkflowManifest => Read(P.CancelWorkflow.Parser.ParseFrom(bytes)),
        EnsureNamespaceManifest => Read(P.EnsureNamespace.Parser.ParseFrom(bytes)),
        GetWorkflowStatusManifest => Read(P.GetWorkflowStatus.Parser.ParseFrom(bytes)),
        AwaitWorkflowManifest => Read(P.AwaitWorkflow.Parser.ParseFrom(bytes)),
        WorkflowStartedManifest => new WorkflowStarted(WireFormat.Read(P.WorkflowStarted.Parser.ParseFrom(bytes).Handle)),
        WorkflowDescribedManifest => Read(P.WorkflowDescribed.Parser.ParseFrom(bytes)),
        HistoryFetchedManifest => Read(P.HistoryFetched.Parser.ParseFrom(bytes)),
        WorkflowSignaledManifest => Read(P.WorkflowSignaled.Parser.ParseFrom(bytes)),
        CancelRequestedManifest => new CancelRequested(WireFormat.Read(P.CancelRequested.Parser.ParseFrom(bytes).Handle)),
        NamespaceEnsuredManifest => Read(P.NamespaceEnsured.Parser.ParseFrom(bytes)),
        WorkflowStatusManifest => WireFormat.Read(P.WorkflowStatus.Parser.ParseFrom(bytes))!,
        WorkflowClosedManifest => Read(P.WorkflowClosed.Parser.ParseFrom(bytes)),
        OperationFailedManifest => Read(P.OperationFailed.Parser.ParseFrom(bytes)),
        HourglassErrorManifest => WireFormat.Read(P.HourglassError.Parser.ParseFrom(bytes)),
        UseBackendManifest => new UseBackend(Read(P.UseBackend.Parser.ParseFrom(bytes).Backend)),
        BackendChoiceManifest => Read(P.BackendChoice.Parser.ParseFrom(bytes))!,
        BackendChangedManifest => new BackendChanged(Read(P.BackendChanged.Parser.ParseFrom(bytes).Previous)),
        GetBackendManifest => Singleton(bytes, GetBackend.Instance),
        BackendInUseManifest => Read(P.BackendInUse.Parser.ParseFrom(bytes)),
        GetHourglassStatsManifest => Singleton(bytes, GetHourglassStats.Instance),
        HourglassStatsManifest => Read(P.HourglassStats.Parser.ParseFrom(bytes)),
        CompleteWorkflowManifest => Read(P.CompleteWorkflow.Parser.ParseFrom(bytes)),
        FailWorkflowManifest => Read(P.FailWorkflow.Parser.ParseFrom(bytes)),
        TerminateWorkflowManifest => Read(P.TerminateWorkflow.Parser.ParseFrom(bytes)),
        TimeOutWorkflowManifest => new TimeOutWorkflow(WireFormat.Read(P.TimeOutWorkflow.Parser.ParseFrom(bytes).Handle)),
        ContinueAsNewManifest => Read(P.ContinueAsNew.Parser.ParseFrom(bytes)),
        FailActivityManifest => Read(P.FailActivity.Parser.ParseFrom(bytes)),
        SetPendingActivityManifest => Read(P.SetPendingActivity.Parser.ParseFrom(bytes)),
        MockWorkflowUpdatedManifest => new MockWorkflowUpdated(WireFormat.Read(P.MockWorkflowUpdated.Parser.ParseFrom(bytes).Handle)),
        VerifyMockManifest => Singleton(bytes, VerifyMock.Instance),
        ResetMockManifest => Singleton(bytes, ResetMock.Instance),
        MockScriptAcceptedManifest => Read(P.MockScriptAccepted.Parser.ParseFrom(bytes)),
        MockVerifiedManifest => Read(P.MockVerified.Parser.ParseFrom(bytes)),
        MockExpectationManifest => throw new SerializationException(
            $"Manifest [{manifest}] ({nameof(MockExpectation)}) travels only inside an {nameof(OperationFailed)}"),
        _ => throw new SerializationException(
            $"Unknown manifest [{manifest}] for {nameof(HourglassSerializer)} (id {Identifier}): " +
            "the sending node may run a newer Hourglass, or the bytes are not an Hourglass message"),
    };

    // ---- operations ----

    private static P.StartWorkflow Write(StartWorkflow m)
    {
        var p = new P.StartWorkflow
        {
            Args = WireFormat.Write(m.Args),
            Memo = WireFormat.Write(m.Memo),
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

    private static StartWorkflow Read(P.StartWorkflow p) =>
        new(Str(p.HasWorkflowType, p.WorkflowType)!, Str(p.HasWorkflowId, p.WorkflowId)!, WireFormat.Read(p.Args))
        {
            TaskQueue = Str(p.HasTaskQueue, p.TaskQueue),
            Namespace = Str(p.HasNamespace, p.Namespace),
            IdReusePolicy = p.HasIdReusePolicy ? (Temporalio.Api.Enums.V1.WorkflowIdReusePolicy)p.IdReusePolicy : null,
            ExecutionTimeout = Span(p.HasExecutionTimeoutTicks, p.ExecutionTimeoutTicks),
            RunTimeout = Span(p.HasRunTimeoutTicks, p.RunTimeoutTicks),
            TaskTimeout = Span(p.HasTaskTimeoutTicks, p.TaskTimeoutTicks),
            RetryPolicy = p.HasRetryPolicy ? RetryPolicy.Parser.ParseFrom(p.RetryPolicy) : null,
            Memo = WireFormat.Read(p.Memo),
            StartDelay = Span(p.HasStartDelayTicks, p.StartDelayTicks),
            RequestId = Str(p.HasRequestId, p.RequestId)!,
        };

    private static P.SignalWorkflow Write(SignalWorkflow m)
    {
        var p = new P.SignalWorkflow { Handle = WireFormat.Write(m.Handle), Args = WireFormat.Write(m.Args) };
        if (m.SignalName is not null) p.SignalName = m.SignalName;
        if (m.RequestId is not null) p.RequestId = m.RequestId;
        return p;
    }

    private static SignalWorkflow Read(P.SignalWorkflow p) =>
        new(WireFormat.Read(p.Handle), Str(p.HasSignalName, p.SignalName)!, WireFormat.Read(p.Args))
        {
            RequestId = Str(p.HasRequestId, p.RequestId)!,
        };

    private static P.CancelWorkflow Write(CancelWorkflow m)
    {
        var p = new P.CancelWorkflow { Handle = WireFormat.Write(m.Handle) };
        if (m.Reason is not null) p.Reason = m.Reason;
        if (m.RequestId is not null) p.RequestId = m.RequestId;
        return p;
    }

    private static CancelWorkflow Read(P.CancelWorkflow p) =>
        new(WireFormat.Read(p.Handle), Str(p.HasReason, p.Reason)!) { RequestId = Str(p.HasRequestId, p.RequestId)! };

    private static P.EnsureNamespace Write(EnsureNamespace m)
    {
        var p = new P.EnsureNamespace();
        if (m.Name is not null) p.Name = m.Name;
        if (m.Retention is { } retention) p.RetentionTicks = retention.Ticks;
        return p;
    }

    private static EnsureNamespace Read(P.EnsureNamespace p) =>
        new(Str(p.HasName, p.Name)!) { Retention = Span(p.HasRetentionTicks, p.RetentionTicks) };

    private static GetWorkflowStatus Read(P.GetWorkflowStatus p) => new(WireFormat.Read(p.Handle), p.IncludeFailures);

    private static P.AwaitWorkflow Write(AwaitWorkflow m)
    {
        var p = new P.AwaitWorkflow { Handle = WireFormat.Write(m.Handle) };
        if (m.Timeout is { } timeout) p.TimeoutTicks = timeout.Ticks;
        if (m.PollInterval is { } interval) p.PollIntervalTicks = interval.Ticks;
        return p;
    }

    private static AwaitWorkflow Read(P.AwaitWorkflow p) =>
        new(WireFormat.Read(p.Handle), Span(p.HasTimeoutTicks, p.TimeoutTicks), Span(p.HasPollIntervalTicks, p.PollIntervalTicks));

    // ---- replies ----

    private static P.WorkflowDescribed Write(WorkflowDescribed m)
    {
        var p = new P.WorkflowDescribed { Handle = WireFormat.Write(m.Handle) };
        if (m.Response is not null) p.Response = Bytes(m.Response);
        return p;
    }

    private static WorkflowDescribed Read(P.WorkflowDescribed p) =>
        new(WireFormat.Read(p.Handle), p.HasResponse ? DescribeWorkflowExecutionResponse.Parser.ParseFrom(p.Response) : null!);

    private static P.HistoryFetched Write(HistoryFetched m)
    {
        var p = new P.HistoryFetched { Handle = WireFormat.Write(m.Handle) };
        if (m.History is not null) p.History = Bytes(m.History);
        return p;
    }

    private static HistoryFetched Read(P.HistoryFetched p) =>
        new(WireFormat.Read(p.Handle), p.HasHistory ? History.Parser.ParseFrom(p.History) : null!);

    private static P.WorkflowSignaled Write(WorkflowSignaled m)
    {
        var p = new P.WorkflowSignaled { Handle = WireFormat.Write(m.Handle) };
        if (m.SignalName is not null) p.SignalName = m.SignalName;
        return p;
    }

    private static WorkflowSignaled Read(P.WorkflowSignaled p) =>
        new(WireFormat.Read(p.Handle), Str(p.HasSignalName, p.SignalName)!);

    private static P.NamespaceEnsured Write(NamespaceEnsured m)
    {
        var p = new P.NamespaceEnsured { Created = m.Created };
        if (m.Name is not null) p.Name = m.Name;
        return p;
    }

    private static NamespaceEnsured Read(P.NamespaceEnsured p) => new(Str(p.HasName, p.Name)!, p.Created);

    private static P.WorkflowClosed Write(WorkflowClosed m)
    {
        var p = new P.WorkflowClosed { Handle = WireFormat.Write(m.Handle), Status = WireFormat.Write(m.Status) };
        if (m.Result is not null) p.Result = Bytes(m.Result);
        if (m.Failure is not null) p.Failure = Bytes(m.Failure);
        return p;
    }

    private static WorkflowClosed Read(P.WorkflowClosed p) =>
        new(WireFormat.Read(p.Handle), WireFormat.Read(p.Status)!, ReadPayload(p.HasResult, p.Result), ReadFailure(p.HasFailure, p.Failure));

    private OperationFailed Read(P.OperationFailed p) =>
        new(Unnest<IHourglassRequest>(p.Request, "OperationFailed.Request")!, WireFormat.Read(p.Error));

    // ---- backend choice ----

    private static P.BackendChoice? Write(BackendChoice? m)
    {
        if (m is null) return null;
        var p = new P.BackendChoice { Kind = (int)m.Kind };
        if (m.Actor is not null) p.ActorPath = Akka.Serialization.Serialization.SerializedActorPath(m.Actor);
        return p;
    }

    private BackendChoice? Read(P.BackendChoice? p) =>
        p is null ? null : new BackendChoice((BackendKind)p.Kind, p.HasActorPath ? system.Provider.ResolveActorRef(p.ActorPath) : null);

    private BackendInUse Read(P.BackendInUse p) => new(Read(p.Backend)!, (BackendSource)p.Source);

    private static HourglassStats Read(P.HourglassStats p) => new(p.Overrides, p.Watched, p.ActiveQueries);

    // ---- mock controls and replies ----

    private static P.CompleteWorkflow Write(CompleteWorkflow m)
    {
        var p = new P.CompleteWorkflow { Handle = WireFormat.Write(m.Handle) };
        if (m.Result is not null) p.Result = Bytes(m.Result);
        return p;
    }

    private static CompleteWorkflow Read(P.CompleteWorkflow p) =>
        new(WireFormat.Read(p.Handle), ReadPayload(p.HasResult, p.Result));

    private static P.FailWorkflow Write(FailWorkflow m)
    {
        var p = new P.FailWorkflow { Handle = WireFormat.Write(m.Handle) };
        if (m.Failure is not null) p.Failure = Bytes(m.Failure);
        return p;
    }

    private static FailWorkflow Read(P.FailWorkflow p) =>
        new(WireFormat.Read(p.Handle), ReadFailure(p.HasFailure, p.Failure)!);

    private static P.TerminateWorkflow Write(TerminateWorkflow m)
    {
        var p = new P.TerminateWorkflow { Handle = WireFormat.Write(m.Handle) };
        if (m.Reason is not null) p.Reason = m.Reason;
        return p;
    }

    private static TerminateWorkflow Read(P.TerminateWorkflow p) =>
        new(WireFormat.Read(p.Handle), Str(p.HasReason, p.Reason)!);

    private static ContinueAsNew Read(P.ContinueAsNew p) => new(WireFormat.Read(p.Handle), WireFormat.Read(p.Args));

    private static P.FailActivity Write(FailActivity m)
    {
        var p = new P.FailActivity { Handle = WireFormat.Write(m.Handle), Attempt = m.Attempt };
        if (m.ActivityType is not null) p.ActivityType = m.ActivityType;
        if (m.Failure is not null) p.Failure = Bytes(m.Failure);
        return p;
    }

    private static FailActivity Read(P.FailActivity p) =>
        new(WireFormat.Read(p.Handle), Str(p.HasActivityType, p.ActivityType)!, p.Attempt, ReadFailure(p.HasFailure, p.Failure)!);

    private static P.SetPendingActivity Write(SetPendingActivity m)
    {
        var p = new P.SetPendingActivity { Handle = WireFormat.Write(m.Handle), Attempt = m.Attempt };
        if (m.ActivityType is not null) p.ActivityType = m.ActivityType;
        if (m.LastFailure is not null) p.LastFailure = Bytes(m.LastFailure);
        return p;
    }

    private static SetPendingActivity Read(P.SetPendingActivity p) =>
        new(WireFormat.Read(p.Handle), Str(p.HasActivityType, p.ActivityType)!, p.Attempt, ReadFailure(p.HasLastFailure, p.LastFailure));

    private static P.MockScriptAccepted Write(MockScriptAccepted m)
    {
        var p = new P.MockScriptAccepted();
        if (m.Description is not null) p.Description = m.Description;
        return p;
    }

    private static MockScriptAccepted Read(P.MockScriptAccepted p) => new(Str(p.HasDescription, p.Description)!);

    private P.MockVerified Write(MockVerified m)
    {
        var p = new P.MockVerified { Unmet = WireFormat.Write(m.Unmet, "MockVerified.Unmet") };
        if (m.UnexpectedCalls is not null)
        {
            p.UnexpectedCalls = new P.NestedList();
            foreach (var call in m.UnexpectedCalls)
                p.UnexpectedCalls.Items.Add(Nest(call ?? throw NullElement("MockVerified.UnexpectedCalls"))!);
        }
        return p;
    }

    private MockVerified Read(P.MockVerified p) =>
        new(WireFormat.Read(p.Unmet),
            p.UnexpectedCalls is null
                ? null!
                : p.UnexpectedCalls.Items.Select(call => Unnest<IHourglassOperation>(call, "MockVerified.UnexpectedCalls")!).ToArray());

    // ---- messages inside messages ----

    private P.Nested? Nest(IHourglassRequest? request)
    {
        if (request is null) return null;
        if (request is MockExpectation line) return new P.Nested { Manifest = MockExpectationManifest, Message = Summary(line).ToByteString() };
        return new P.Nested { Manifest = Manifest(request), Message = UnsafeByteOperations.UnsafeWrap(ToBinary(request)) };
    }

    private T? Unnest<T>(P.Nested? nested, string what) where T : class, IHourglassRequest
    {
        if (nested is null) return null;
        if (nested.Manifest == MockExpectationManifest && typeof(T).IsAssignableFrom(typeof(MockExpectation)))
            return (T)(object)Read(P.MockExpectationSummary.Parser.ParseFrom(nested.Message));
        // Check the type before reading, so crafted bytes cannot nest messages without end.
        if (!ManifestTypes.TryGetValue(nested.Manifest, out var type) || !typeof(T).IsAssignableFrom(type))
            throw new SerializationException($"{what} must be an {typeof(T).Name}, not manifest [{nested.Manifest}]");
        return (T)Read(nested.Message.ToByteArray(), nested.Manifest);
    }

    private static P.MockExpectationSummary Summary(MockExpectation line)
    {
        var p = new P.MockExpectationSummary { HasResponder = line.Responder is not null };
        if (line.OperationType is { } type)
            p.OperationType = TypeManifests.TryGetValue(type, out var manifest) ? manifest : type.AssemblyQualifiedName ?? type.FullName ?? type.Name;
        if (line.Times is { } times) p.Times = times;
        return p;
    }

    private static MockExpectation Read(P.MockExpectationSummary p)
    {
        System.Type? type = null;
        if (p.HasOperationType)
        {
            type = ManifestTypes.TryGetValue(p.OperationType, out var known) ? known : System.Type.GetType(p.OperationType, throwOnError: false);
            if (type is null) throw new SerializationException($"Unknown operation type [{p.OperationType}] of a refused script line");
        }
        return new MockExpectation(type!, p.HasTimes ? p.Times : null, p.HasResponder ? ResponderLeftBehind : null);
    }

    private static object ResponderLeftBehind(IHourglassOperation operation) =>
        throw new InvalidOperationException(
            $"this script line's responder stayed on the node that refused it; it cannot answer {operation.GetType().Name} here");

    // ---- helpers ----

    private static object Singleton(byte[] bytes, object instance)
    {
        // Nothing to read, but bytes that are not protobuf at all are refused like any corrupt message.
        Empty.Parser.ParseFrom(bytes);
        return instance;
    }

    private static int? ConfiguredIdentifier(ExtendedActorSystem system)
    {
        var identifiers = system.Settings.Config.GetConfig("akka.actor.serialization-identifiers");
        if (identifiers is null || identifiers.IsEmpty) return null;
        foreach (var (typeName, value) in identifiers.AsEnumerable())
        {
            if (NamesThisSerializer(typeName)) return value.GetInt();
        }
        return null;
    }

    // Compares names rather than resolving every key to a type, which could load other assemblies.
    private static bool NamesThisSerializer(string typeName)
    {
        var parts = typeName.Split(',');
        return parts[0].Trim() == typeof(HourglassSerializer).FullName
            && (parts.Length == 1 || parts[1].Trim() == typeof(HourglassSerializer).Assembly.GetName().Name);
    }

    private static SerializationException StaysOnItsNode(MockExpectation line) =>
        new($"{nameof(MockExpectation)} ({line}) holds a delegate and cannot leave its node; " +
            "script the mock on the node that runs it");

    private static SerializationException CannotSerialize(object? obj) =>
        new($"{nameof(HourglassSerializer)} cannot serialize {obj?.GetType().FullName ?? "null"}: it carries only Hourglass messages");
}
