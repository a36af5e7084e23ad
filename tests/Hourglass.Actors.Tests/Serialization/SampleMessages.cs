using Duration = Google.Protobuf.WellKnownTypes.Duration;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Failure = Temporalio.Api.Failure.V1.Failure;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Serialization;

/// <summary>
/// One or more samples of every Hourglass message that may cross a node, with the edge values the
/// wire format must keep: null beside empty, unset optionals beside set ones, every enum value.
/// </summary>
public static class SampleMessages
{
    public static readonly WorkflowHandle Handle = new("billing", "order-1", "0b6f8a53-2f5e-4a59-9a3e-3c2c6c3d5e01");
    public static readonly WorkflowHandle LatestRun = new("billing", "order-1");
    public static readonly WorkflowHandle DefaultNamespace = new("", "order-1");

    public static readonly DateTimeOffset Started = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2));
    public static readonly DateTimeOffset Closed = new(2026, 3, 14, 16, 0, 0, TimeSpan.Zero);

    public static Failure Failure(string message = "card declined") => new()
    {
        Message = message,
        Source = "PaymentWorker",
        StackTrace = "at Charge()",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = "CardError", NonRetryable = true },
        Cause = new Failure { Message = "gateway said no" },
    };

    public static RetryPolicy RetryPolicy() => new()
    {
        InitialInterval = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
        BackoffCoefficient = 1.5,
        MaximumAttempts = 4,
        NonRetryableErrorTypes = { "CardError" },
    };

    public static History History(int events)
    {
        var history = new History();
        for (var i = 1; i <= events; i++)
        {
            history.Events.Add(new HistoryEvent
            {
                EventId = i,
                EventTime = Timestamp.FromDateTimeOffset(Started.AddSeconds(i)),
                EventType = EventType.WorkflowExecutionSignaled,
                WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
                {
                    SignalName = "tick",
                    Input = new Payloads { Payloads_ = { HourglassPayload.From(i) } },
                },
            });
        }
        return history;
    }

    public static DescribeWorkflowExecutionResponse Describe() => new()
    {
        WorkflowExecutionInfo = new WorkflowExecutionInfo
        {
            Execution = new WorkflowExecution { WorkflowId = "order-1", RunId = Handle.RunId },
            Type = new WorkflowType { Name = "OrderWorkflow" },
            Status = WorkflowExecutionStatus.Running,
            StartTime = Timestamp.FromDateTimeOffset(Started),
            HistoryLength = 7,
            Memo = new Temporalio.Api.Common.V1.Memo { Fields = { ["customer"] = HourglassPayload.From("alice"), ["total"] = HourglassPayload.From(42.5) } },
        },
        PendingActivities =
        {
            new PendingActivityInfo { ActivityId = "1", ActivityType = new ActivityType { Name = "ChargeCard" }, Attempt = 3, LastFailure = Failure() },
        },
    };

    public static WorkflowStatus Status(WorkflowState state = WorkflowState.Running, bool withFailures = true) =>
        new(Handle, state, "OrderWorkflow", Started, state == WorkflowState.Running ? null : Closed,
            [
                new PendingActivity("1", "ChargeCard", 3, Failure()) { MaximumAttempts = 5, LastStartedTime = Started.AddMinutes(1) },
                new PendingActivity("2", "Ship", 1, null),
            ],
            withFailures
                ? [new ActivityFailureRecord("1", "ChargeCard", 2, Failure(), Started.AddSeconds(30), 12)]
                : null)
        {
            TaskQueue = "orders",
            HistoryLength = 23,
            CancelRequested = state == WorkflowState.Running,
        };

    /// <summary>Every operation, each with its optional parts set.</summary>
    public static IEnumerable<IHourglassOperation> Operations() =>
    [
        FullStart(),
        FullSignalWithStart(),
        new DescribeWorkflow(Handle),
        new FetchHistory(LatestRun),
        new SignalWorkflow(Handle, "approve", "alice", 7) { RequestId = "signal-1" },
        new QueryWorkflow(Handle, "progress", "detailed", 2) { RejectCondition = QueryRejectCondition.NotCompletedCleanly },
        new UpdateWorkflow(Handle, "add-line", "sku-1", 3) { UpdateId = "update-1", WaitStage = UpdateWorkflowExecutionLifecycleStage.Accepted },
        new CancelWorkflow(Handle, "changed my mind") { RequestId = "cancel-1" },
        new TerminateWorkflow(Handle, "stuck on a bad deploy", "deploy-42", 3),
        new EnsureNamespace("billing") { Retention = TimeSpan.FromDays(3) },
        FullList(),
        new CountWorkflows("billing", "WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus"),
        new GetWorkflowStatus(Handle, IncludeFailures: true),
        new AwaitWorkflow(Handle, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(250)),
        new PollHistory(Handle) { Filter = HistoryEventFilterType.CloseEvent, NextPageToken = Google.Protobuf.ByteString.CopyFromUtf8("page-7") },
        new WatchWorkflow(LatestRun) { FromEventId = 12, FollowRuns = true },
        new UnwatchWorkflow(LatestRun),
    ];

    public static ListWorkflows FullList() => new("billing", "ExecutionStatus = 'Running' AND CustomKeywordField IN ('a', \"b\")")
    {
        PageSize = 50,
        NextPageToken = Google.Protobuf.ByteString.CopyFromUtf8("{\"RunID\":\"x\"}"),
    };

    public static WorkflowExecutionInfo ListedExecution(string workflowId, bool closed) => new()
    {
        Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = Handle.RunId },
        Type = new WorkflowType { Name = "OrderWorkflow" },
        StartTime = Timestamp.FromDateTimeOffset(Started),
        ExecutionTime = Timestamp.FromDateTimeOffset(Started),
        CloseTime = closed ? Timestamp.FromDateTimeOffset(Closed) : null,
        Status = closed ? WorkflowExecutionStatus.Completed : WorkflowExecutionStatus.Running,
        TaskQueue = "orders",
        HistoryLength = closed ? 5 : 0,
        Memo = new Temporalio.Api.Common.V1.Memo { Fields = { ["customer"] = HourglassPayload.From("alice") } },
        SearchAttributes = new SearchAttributes { IndexedFields = { ["CustomKeywordField"] = HourglassPayload.From("vip") } },
    };

    public static Payload StatusGroupValue(string status)
    {
        var payload = HourglassPayload.From(status);
        payload.Metadata["type"] = Google.Protobuf.ByteString.CopyFromUtf8("Keyword");
        return payload;
    }

    public static StartWorkflow FullStart() => new("OrderWorkflow", "order-1", "alice", 42, null)
    {
        TaskQueue = "orders",
        Namespace = "billing",
        IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
        IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
        ExecutionTimeout = TimeSpan.FromHours(1),
        RunTimeout = TimeSpan.FromTicks(123_456_789),
        TaskTimeout = TimeSpan.FromSeconds(10),
        RetryPolicy = RetryPolicy(),
        Memo = new Dictionary<string, Payload> { ["customer"] = HourglassPayload.From("alice"), ["note"] = HourglassPayload.From(null) },
        StartDelay = TimeSpan.Zero,
        RequestId = "start-1",
        SearchAttributes = SearchAttributes(),
    };

    /// <summary>One attribute of every type, on the dev server's custom attributes.</summary>
    public static Dictionary<string, SearchAttributeValue> SearchAttributes() => new()
    {
        ["CustomKeywordField"] = SearchAttributeValue.Keyword("alice"),
        ["CustomTextField"] = SearchAttributeValue.Text("rush order, gift wrapped"),
        ["CustomIntField"] = SearchAttributeValue.Int(42),
        ["CustomDoubleField"] = SearchAttributeValue.Double(42.5),
        ["CustomBoolField"] = SearchAttributeValue.Bool(true),
        ["CustomDatetimeField"] = SearchAttributeValue.Datetime(Started),
        ["CustomKeywordListField"] = SearchAttributeValue.KeywordList("gold", "eu"),
    };

    public static SignalWithStartWorkflow FullSignalWithStart() =>
        new(FullStart() with { RequestId = "signal-with-start-1" }, "approve", "alice", 7);

    /// <summary>Every message that may cross a node, by a name for the test output.</summary>
    public static IReadOnlyDictionary<string, object> All(IActorRef actor)
    {
        var samples = new Dictionary<string, object>
        {
            // operations: full, minimal, and the edge values
            ["StartWorkflow full"] = FullStart(),
            ["StartWorkflow minimal"] = new StartWorkflow("OrderWorkflow", "order-1"),
            ["StartWorkflow empty memo"] = new StartWorkflow("OrderWorkflow", "order-1") { Memo = new Dictionary<string, Payload>() },
            ["StartWorkflow null args"] = new StartWorkflow("OrderWorkflow", "order-1", (IReadOnlyList<Payload>)null!),
            ["StartWorkflow null arg element"] = new StartWorkflow("OrderWorkflow", "order-1", (IReadOnlyList<Payload>)[HourglassPayload.From(1), null!]),
            ["StartWorkflow null strings"] = new StartWorkflow(null!, null!, (IReadOnlyList<Payload>)[]) { RequestId = null!, TaskQueue = "", Namespace = "" },
            ["StartWorkflow unicode"] = new StartWorkflow("Bestellung", "订单-1", "Grüße 👋"),
            ["StartWorkflow empty search attributes"] = new StartWorkflow("OrderWorkflow", "order-1") { SearchAttributes = new Dictionary<string, SearchAttributeValue>() },
            ["StartWorkflow search attribute edge values"] = new StartWorkflow("OrderWorkflow", "order-1")
            {
                IdConflictPolicy = (WorkflowIdConflictPolicy)77,
                SearchAttributes = new Dictionary<string, SearchAttributeValue>
                {
                    ["nan"] = SearchAttributeValue.Double(double.NaN),
                    ["infinity"] = SearchAttributeValue.Double(double.NegativeInfinity),
                    ["min"] = SearchAttributeValue.Int(long.MinValue),
                    ["false"] = SearchAttributeValue.Bool(false),
                    ["earliest"] = SearchAttributeValue.Datetime(DateTimeOffset.MinValue),
                    ["offset"] = SearchAttributeValue.Datetime(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)).AddTicks(7)),
                    ["empty"] = SearchAttributeValue.Keyword(""),
                    ["unicode"] = SearchAttributeValue.Text("Grüße 👋"),
                    ["no keywords"] = SearchAttributeValue.KeywordList(),
                    ["null"] = null!,
                },
            },
            ["SignalWithStartWorkflow full"] = FullSignalWithStart(),
            ["SignalWithStartWorkflow minimal"] = new SignalWithStartWorkflow(new StartWorkflow("OrderWorkflow", "order-1"), "ping"),
            ["SignalWithStartWorkflow null parts"] = new SignalWithStartWorkflow(null!, null!, (IReadOnlyList<Payload>)null!),
            ["DescribeWorkflow"] = new DescribeWorkflow(Handle),
            ["DescribeWorkflow empty run id"] = new DescribeWorkflow(LatestRun),
            ["DescribeWorkflow empty namespace"] = new DescribeWorkflow(DefaultNamespace),
            ["DescribeWorkflow null handle"] = new DescribeWorkflow(null!),
            ["FetchHistory"] = new FetchHistory(LatestRun),
            ["SignalWorkflow"] = new SignalWorkflow(Handle, "approve", "alice", 7) { RequestId = "signal-1" },
            ["SignalWorkflow no args"] = new SignalWorkflow(Handle, "ping"),
            ["QueryWorkflow"] = new QueryWorkflow(Handle, "progress", "detailed", 2) { RejectCondition = QueryRejectCondition.NotOpen },
            ["QueryWorkflow no args, server's reject condition"] = new QueryWorkflow(LatestRun, "progress"),
            ["QueryWorkflow null strings"] = new QueryWorkflow(null!, null!, (IReadOnlyList<Payload>)null!),
            ["UpdateWorkflow"] = new UpdateWorkflow(Handle, "add-line", "sku-1", 3) { UpdateId = "update-1", WaitStage = UpdateWorkflowExecutionLifecycleStage.Accepted },
            ["UpdateWorkflow defaults"] = new UpdateWorkflow(LatestRun, "approve"),
            ["UpdateWorkflow null strings, unknown stage"] = new UpdateWorkflow(null!, null!, (IReadOnlyList<Payload>)null!) { UpdateId = null!, WaitStage = (UpdateWorkflowExecutionLifecycleStage)42 },
            ["CancelWorkflow"] = new CancelWorkflow(Handle, "changed my mind"),
            ["CancelWorkflow no reason"] = new CancelWorkflow(LatestRun),
            ["TerminateWorkflow"] = new TerminateWorkflow(Handle, "stuck on a bad deploy", "deploy-42", 3),
            ["TerminateWorkflow no reason no details"] = new TerminateWorkflow(LatestRun),
            ["TerminateWorkflow null parts"] = new TerminateWorkflow(Handle, null!) { Details = null! },
            ["EnsureNamespace"] = new EnsureNamespace("billing") { Retention = TimeSpan.FromDays(3) },
            ["EnsureNamespace no retention"] = new EnsureNamespace("billing"),
            ["ListWorkflows full"] = FullList(),
            ["ListWorkflows minimal"] = new ListWorkflows("", ""),
            ["ListWorkflows null strings and token"] = new ListWorkflows(null!, null!) { NextPageToken = null! },
            ["ListWorkflows unicode query"] = new ListWorkflows("billing", "CustomTextField = 'Grüße 👋'"),
            ["CountWorkflows"] = new CountWorkflows("billing", "GROUP BY ExecutionStatus"),
            ["CountWorkflows minimal"] = new CountWorkflows("", ""),
            ["CountWorkflows null strings"] = new CountWorkflows(null!, null!),
            ["GetWorkflowStatus"] = new GetWorkflowStatus(Handle),
            ["GetWorkflowStatus with failures"] = new GetWorkflowStatus(Handle, IncludeFailures: true),
            ["AwaitWorkflow"] = new AwaitWorkflow(Handle, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(250)),
            ["AwaitWorkflow defaults"] = new AwaitWorkflow(LatestRun),
            ["AwaitWorkflow timeout only"] = new AwaitWorkflow(LatestRun, TimeSpan.FromMinutes(5)),
            ["PollHistory"] = new PollHistory(LatestRun),
            ["PollHistory close event with token"] = new PollHistory(Handle) { Filter = HistoryEventFilterType.CloseEvent, NextPageToken = Google.Protobuf.ByteString.CopyFromUtf8("page-7") },
            ["WatchWorkflow"] = new WatchWorkflow(LatestRun),
            ["WatchWorkflow from an event, following runs"] = new WatchWorkflow(Handle) { FromEventId = 40, FollowRuns = true },
            ["UnwatchWorkflow"] = new UnwatchWorkflow(DefaultNamespace),

            // replies
            ["WorkflowStarted"] = new WorkflowStarted(Handle),
            ["WorkflowStarted signaled a running run"] = new WorkflowStarted(Handle) { Started = false },
            ["WorkflowTerminated"] = new WorkflowTerminated(LatestRun),
            ["WorkflowDescribed"] = new WorkflowDescribed(Handle, Describe()),
            ["WorkflowDescribed empty response"] = new WorkflowDescribed(Handle, new DescribeWorkflowExecutionResponse()),
            ["HistoryFetched"] = new HistoryFetched(Handle, History(12)),
            ["HistoryFetched empty"] = new HistoryFetched(Handle, new History()),
            ["HistoryFetched 5000 events"] = new HistoryFetched(Handle, History(5_000)),
            ["HistoryPolled"] = new HistoryPolled(Handle, History(3).Events.ToArray(), Google.Protobuf.ByteString.CopyFromUtf8("next")),
            ["HistoryPolled expired"] = new HistoryPolled(Handle, [], Google.Protobuf.ByteString.CopyFromUtf8("again")),
            ["HistoryPolled last page"] = new HistoryPolled(Handle, History(1).Events.ToArray(), Google.Protobuf.ByteString.Empty),
            ["WorkflowEventsAppended"] = new WorkflowEventsAppended(Handle, History(2).Events.ToArray()),
            ["WorkflowWatchEnded"] = new WorkflowWatchEnded(Handle, WorkflowState.Completed),
            ["WorkflowWatchEnded unwatched"] = new WorkflowWatchEnded(LatestRun, WorkflowState.Running) { Unwatched = true },
            ["WorkflowUnwatched"] = new WorkflowUnwatched(LatestRun, 2),
            ["WorkflowSignaled"] = new WorkflowSignaled(Handle, "approve"),
            ["WorkflowQueried"] = new WorkflowQueried(Handle, "progress", [HourglassPayload.From(0.75), HourglassPayload.From(null)]),
            ["WorkflowQueried empty"] = new WorkflowQueried(LatestRun, "progress", []),
            ["WorkflowUpdated completed"] = new WorkflowUpdated(Handle, "update-1", UpdateWorkflowExecutionLifecycleStage.Completed, [HourglassPayload.From("added")]),
            ["WorkflowUpdated completed without result"] = new WorkflowUpdated(Handle, "update-1", UpdateWorkflowExecutionLifecycleStage.Completed, []),
            ["WorkflowUpdated accepted"] = new WorkflowUpdated(Handle, "update-2", UpdateWorkflowExecutionLifecycleStage.Accepted, null),
            ["WorkflowUpdated failed"] = new WorkflowUpdated(Handle, "update-3", UpdateWorkflowExecutionLifecycleStage.Completed, null, Failure("no such sku")),
            ["CancelRequested"] = new CancelRequested(Handle),
            ["NamespaceEnsured created"] = new NamespaceEnsured("billing", Created: true),
            ["NamespaceEnsured existed"] = new NamespaceEnsured("billing", Created: false),
            ["WorkflowsListed page"] = new WorkflowsListed("billing",
                [ListedExecution("order-1", closed: false), ListedExecution("order-2", closed: true)],
                Google.Protobuf.ByteString.CopyFromUtf8("{\"RunID\":\"x\"}")),
            ["WorkflowsListed last page"] = new WorkflowsListed("billing", [ListedExecution("order-3", closed: true)], Google.Protobuf.ByteString.Empty),
            ["WorkflowsListed empty"] = new WorkflowsListed("billing", [], Google.Protobuf.ByteString.Empty),
            ["WorkflowsListed nulls"] = new WorkflowsListed(null!, null!, null!),
            ["WorkflowsListed 1000 executions"] = new WorkflowsListed("billing",
                Enumerable.Range(0, 1000).Select(i => ListedExecution($"order-{i}", i % 2 == 0)).ToArray(), Google.Protobuf.ByteString.Empty),
            ["WorkflowsCounted plain"] = new WorkflowsCounted(42, []),
            ["WorkflowsCounted grouped"] = new WorkflowsCounted(5,
                [new WorkflowCountGroup([StatusGroupValue("Running")], 3), new WorkflowCountGroup([StatusGroupValue("Completed")], 2)]),
            ["WorkflowsCounted null groups"] = new WorkflowsCounted(0, null!),
            ["WorkflowsCounted null group values"] = new WorkflowsCounted(1, [new WorkflowCountGroup(null!, 1)]),
            ["WorkflowStatus no failures asked"] = Status(withFailures: false),
            ["WorkflowStatus no failures found"] = Status() with { RecentFailures = [] },
            ["WorkflowStatus no pending activities"] = Status() with { PendingActivities = [] },
            ["WorkflowStatus no times"] = Status() with { StartTime = null, CloseTime = null },
            ["WorkflowStatus unknown state value"] = Status((WorkflowState)42),
            ["WorkflowClosed completed"] = new WorkflowClosed(Handle, Status(WorkflowState.Completed), HourglassPayload.From("shipped")),
            ["WorkflowClosed null result"] = new WorkflowClosed(Handle, Status(WorkflowState.Completed), null),
            ["WorkflowClosed failed"] = new WorkflowClosed(Handle, Status(WorkflowState.Failed), null, Failure("workflow blew up")),
            ["HourglassError plain"] = new HourglassError(ErrorKind.NotFound, "no such workflow"),
            ["HourglassError full"] = new HourglassError(ErrorKind.AlreadyStarted, "already running", "id order-1")
            {
                ExistingRunId = Handle.RunId,
                GrpcCode = 6,
                LastStatus = Status(),
            },
            ["HourglassError query rejected"] = new HourglassError(ErrorKind.QueryRejected, "rejected", "WorkflowExecutionStatusFailed") { WorkflowState = WorkflowState.Failed },
            ["HourglassError query failed"] = new HourglassError(ErrorKind.QueryFailed, "handler threw", "grpc INVALID_ARGUMENT") { GrpcCode = 3, Failure = Failure("handler threw") },
            ["HourglassError unknown workflow state value"] = new HourglassError(ErrorKind.QueryRejected, "rejected") { WorkflowState = (WorkflowState)77 },
            ["HourglassError unknown kind value"] = new HourglassError((ErrorKind)99, "from a newer node"),
            ["HourglassError await timeout"] = new HourglassError(ErrorKind.Timeout, "still open", null) { LastStatus = Status(withFailures: false), GrpcCode = 0 },

            // backend choice
            ["UseBackend null"] = new UseBackend(null),
            ["UseBackend actor"] = new UseBackend(BackendChoice.Of(actor)),
            ["UseBackend actor kind without actor"] = new UseBackend(new BackendChoice(BackendKind.Actor)),
            ["BackendChanged none"] = new BackendChanged(null),
            ["BackendChanged actor"] = new BackendChanged(BackendChoice.Of(actor)),
            ["GetBackend"] = GetBackend.Instance,
            ["BackendInUse config"] = new BackendInUse(BackendChoice.Real, BackendSource.Config),
            ["BackendInUse override"] = new BackendInUse(BackendChoice.Of(actor), BackendSource.Override),
            ["GetHourglassStats"] = GetHourglassStats.Instance,
            ["HourglassStats"] = new HourglassStats(3, 5, 2),
            ["HourglassStats zero"] = new HourglassStats(0, 0, 0),

            // mock controls and replies
            ["CompleteWorkflow"] = new CompleteWorkflow(Handle, (object?)"shipped"),
            ["CompleteWorkflow null result"] = new CompleteWorkflow(Handle, (Payload?)null),
            ["FailWorkflow"] = new FailWorkflow(Handle, Failure("workflow blew up")),
            ["TerminateInMock"] = new TerminateInMock(Handle, "operator"),
            ["TerminateInMock no reason"] = new TerminateInMock(LatestRun),
            ["TimeOutWorkflow"] = new TimeOutWorkflow(LatestRun),
            ["HonourCancel"] = new HonourCancel(Handle, (object?)"refunded"),
            ["HonourCancel no details"] = new HonourCancel(LatestRun),
            ["ContinueAsNew"] = new ContinueAsNew(Handle, "next", 2),
            ["ContinueAsNew no input"] = new ContinueAsNew(Handle),
            ["FailActivity"] = new FailActivity(Handle, "Reserve", 4, Failure("out of stock")),
            ["SetPendingActivity"] = new SetPendingActivity(Handle, "ChargeCard", 2, Failure()),
            ["SetPendingActivity no failure"] = new SetPendingActivity(Handle, "ChargeCard", 1),
            ["AnswerQuery result"] = new AnswerQuery(LatestRun, "progress", QueryAnswer.Of(0.5)),
            ["AnswerQuery empty result"] = new AnswerQuery(LatestRun, "progress", QueryAnswer.OfPayloads([])),
            ["AnswerQuery failure"] = new AnswerQuery(LatestRun, "progress", QueryAnswer.Fail(Failure("not ready"))),
            ["AnswerQuery null answer"] = new AnswerQuery(LatestRun, "progress", null!),
            ["AnswerUpdate completed"] = new AnswerUpdate(LatestRun, "add-line", UpdateAnswer.Complete("added")),
            ["AnswerUpdate completed without result"] = new AnswerUpdate(LatestRun, "add-line", UpdateAnswer.Complete()),
            ["AnswerUpdate failed"] = new AnswerUpdate(LatestRun, "add-line", UpdateAnswer.Fail(Failure("out of stock"))),
            ["AnswerUpdate rejected"] = new AnswerUpdate(LatestRun, "add-line", UpdateAnswer.Reject("bad sku", "ValidationError")),
            ["AnswerUpdate accepted only"] = new AnswerUpdate(LatestRun, "add-line", UpdateAnswer.Accept()),
            ["AnswerUpdate unknown kind value"] = new AnswerUpdate(LatestRun, "add-line", new UpdateAnswer((UpdateAnswerKind)9, null, null)),
            ["MockWorkflowUpdated"] = new MockWorkflowUpdated(Handle),
            ["VerifyMock"] = VerifyMock.Instance,
            ["ResetMock"] = ResetMock.Instance,
            ["MockScriptAccepted"] = new MockScriptAccepted("expect StartWorkflow x1"),
            ["MockVerified satisfied"] = new MockVerified([], []),
            ["MockVerified unsatisfied"] = new MockVerified(
                ["expect StartWorkflow x2 (called 1)"],
                [new DescribeWorkflow(Handle), FullStart(), new SignalWorkflow(Handle, "approve", "alice")]),
        };

        foreach (var state in System.Enum.GetValues<WorkflowState>())
            samples[$"WorkflowStatus {state}"] = Status(state);
        foreach (var kind in System.Enum.GetValues<ErrorKind>())
            samples[$"HourglassError {kind}"] = new HourglassError(kind, $"a {kind} error", "detail") { GrpcCode = (int)kind };
        foreach (var kind in System.Enum.GetValues<BackendKind>())
        {
            var choice = kind == BackendKind.Actor ? BackendChoice.Of(actor) : new BackendChoice(kind);
            samples[$"BackendChoice {kind}"] = choice;
            samples[$"UseBackend {kind}"] = new UseBackend(choice);
        }
        foreach (var source in System.Enum.GetValues<BackendSource>())
            samples[$"BackendInUse {source}"] = new BackendInUse(BackendChoice.Mock, source);

        // A request with its caller's trace context
        samples["TracedRequest start"] = new Hourglass.Telemetry.TracedRequest(FullStart(), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        {
            TraceState = "congo=t61rcWkgMzE",
        };
        samples["TracedRequest status, no tracestate"] = new Hourglass.Telemetry.TracedRequest(new GetWorkflowStatus(Handle, true),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");

        // OperationFailed wrapping every kind of request that can fail
        foreach (var operation in Operations())
            samples[$"OperationFailed {operation.GetType().Name}"] = new OperationFailed(operation, new HourglassError(ErrorKind.Rpc, "server said no") { GrpcCode = 14 });
        IHourglassRequest[] otherRequests =
        [
            new UseBackend(BackendChoice.Of(actor)), GetBackend.Instance, GetHourglassStats.Instance,
            new CompleteWorkflow(Handle, (object?)1), new FailWorkflow(Handle, "boom"), new TerminateInMock(Handle),
            new TimeOutWorkflow(Handle), new HonourCancel(Handle), new ContinueAsNew(Handle, 1), new FailActivity(Handle, "A", 1, "boom"),
            new SetPendingActivity(Handle, "A", 1), VerifyMock.Instance, ResetMock.Instance,
            new AnswerQuery(LatestRun, "q", QueryAnswer.Of(1)), new AnswerUpdate(LatestRun, "u", UpdateAnswer.Reject("no")),
        ];
        foreach (var request in otherRequests)
            samples[$"OperationFailed {request.GetType().Name}"] = new OperationFailed(request, HourglassError.NotFound("gone"));
        samples["OperationFailed await timeout"] = new OperationFailed(
            new AwaitWorkflow(Handle, TimeSpan.FromSeconds(1)), new HourglassError(ErrorKind.Timeout, "still open") { LastStatus = Status() });
        samples["OperationFailed pass-through script line"] = new OperationFailed(
            new MockExpectation(typeof(GetWorkflowStatus), null, null), HourglassError.InvalidArgument("status cannot be scripted"));

        return samples;
    }
}
