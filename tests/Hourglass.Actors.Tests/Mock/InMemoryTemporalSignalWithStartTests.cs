using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Tests.Mock;

/// <summary>
/// The in-memory Temporal's SignalWithStartWorkflowExecution, TerminateWorkflowExecution and
/// search attribute checks, called as a raw client calls a server: what Hourglass's own
/// validation never lets through must still be answered as the server answers it
/// (docs/fake-temporal.md has the server's sources).
/// </summary>
public sealed class InMemoryTemporalSignalWithStartTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTemporal _temporal;

    public InMemoryTemporalSignalWithStartTests() => _temporal = new InMemoryTemporal(["default"], _clock);

    [Theory]
    [InlineData(WorkflowIdConflictPolicy.Fail, WorkflowIdReusePolicy.Unspecified,
        "Invalid WorkflowIDConflictPolicy: WORKFLOW_ID_CONFLICT_POLICY_FAIL is not supported for this operation.")]
    [InlineData(WorkflowIdConflictPolicy.UseExisting, (WorkflowIdReusePolicy)4,
        "Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING cannot be used together with a WorkflowIDConflictPolicy")]
    [InlineData(WorkflowIdConflictPolicy.TerminateExisting, WorkflowIdReusePolicy.RejectDuplicate,
        "Invalid WorkflowIDReusePolicy: WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE cannot be used together with WorkflowIdConflictPolicy WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING")]
    public void Policies_the_frontend_refuses_are_InvalidArgument_with_its_message(WorkflowIdConflictPolicy conflict, WorkflowIdReusePolicy reuse, string message)
    {
        var request = SignalWithStart("wf-1");
        request.WorkflowIdConflictPolicy = conflict;
        request.WorkflowIdReusePolicy = reuse;

        var e = Assert.Throws<RpcException>(() => _temporal.SignalWithStartWorkflowExecution(request));

        Assert.Equal((StatusCode.InvalidArgument, message), (e.Code, e.Message));
        Assert.Throws<RpcException>(() => _temporal.DescribeWorkflowExecution(Describe("wf-1")));
    }

    [Theory]
    [InlineData("", "approve", "WorkflowId is not set on request.")]
    [InlineData("wf-2", "", "signal not set")]
    public void A_request_without_a_workflow_id_or_signal_name_is_InvalidArgument(string workflowId, string signalName, string message)
    {
        var request = SignalWithStart(workflowId, signalName);

        var e = Assert.Throws<RpcException>(() => _temporal.SignalWithStartWorkflowExecution(request));

        Assert.Equal((StatusCode.InvalidArgument, message), (e.Code, e.Message));
    }

    [Fact]
    public void The_deprecated_TerminateIfRunning_alone_replaces_a_running_run()
    {
        var first = _temporal.SignalWithStartWorkflowExecution(SignalWithStart("wf-3"));
        var request = SignalWithStart("wf-3");
#pragma warning disable CS0612 // the deprecated policy, as an older client sends it
        request.WorkflowIdReusePolicy = WorkflowIdReusePolicy.TerminateIfRunning;
#pragma warning restore CS0612

        var second = _temporal.SignalWithStartWorkflowExecution(request);

        Assert.True(second.Started);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal(WorkflowExecutionStatus.Terminated, _temporal.DescribeWorkflowExecution(Describe("wf-3", first.RunId)).WorkflowExecutionInfo.Status);
    }

    [Fact]
    public void An_empty_request_id_is_made_up_so_every_such_request_is_a_new_signal()
    {
        var request = SignalWithStart("wf-4");
        request.RequestId = "";

        var first = _temporal.SignalWithStartWorkflowExecution(request);
        var second = _temporal.SignalWithStartWorkflowExecution(request);

        Assert.Equal((true, false, first.RunId), (first.Started, second.Started, second.RunId));
        var signals = History("wf-4").Where(e => e.EventType == EventType.WorkflowExecutionSignaled).ToList();
        Assert.Equal(2, signals.Count);
        Assert.All(signals, s => Assert.True(Guid.TryParse(s.WorkflowExecutionSignaledEventAttributes.RequestId, out _)));
    }

    [Fact]
    public void A_start_delay_holds_the_first_workflow_task_until_the_engines_clock_passes_it()
    {
        var start = Start("wf-5");
        start.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(30));
        _temporal.StartWorkflowExecution(start);
        var startedAt = _clock.GetUtcNow();

        Assert.Equal([EventType.WorkflowExecutionStarted], History("wf-5").Select(e => e.EventType));
        var info = _temporal.DescribeWorkflowExecution(Describe("wf-5")).WorkflowExecutionInfo;
        Assert.Equal(startedAt + TimeSpan.FromSeconds(30), info.ExecutionTime.ToDateTimeOffset());

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(History("wf-5"));
        _clock.Advance(TimeSpan.FromSeconds(5));

        var events = History("wf-5");
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled], events.Select(e => e.EventType));
        // Timed when the delay ran out, not when it was noticed.
        Assert.Equal(startedAt + TimeSpan.FromSeconds(30), events[1].EventTime.ToDateTimeOffset());
    }

    [Fact]
    public void A_signal_with_start_during_the_delay_schedules_the_task_at_once_and_the_timer_adds_no_second_one()
    {
        var start = Start("wf-6");
        start.WorkflowStartDelay = Duration.FromTimeSpan(TimeSpan.FromMinutes(5));
        _temporal.StartWorkflowExecution(start);
        _clock.Advance(TimeSpan.FromMinutes(1));

        _temporal.SignalWithStartWorkflowExecution(SignalWithStart("wf-6"));
        _clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled, EventType.WorkflowTaskScheduled],
            History("wf-6").Select(e => e.EventType));
    }

    [Theory]
    [InlineData("WorkflowId", "\"x\"", "WorkflowId attribute can't be set in SearchAttributes")]
    [InlineData("Nope", "\"x\"", "search attribute Nope is not defined")]
    [InlineData("CustomIntField", "1.5", "invalid value for search attribute CustomIntField of type Int: 1.5")]
    [InlineData("CustomBoolField", "\"yes\"", "invalid value for search attribute CustomBoolField of type Bool: yes")]
    [InlineData("CustomDatetimeField", "\"tomorrow\"", "invalid value for search attribute CustomDatetimeField of type Datetime: tomorrow")]
    [InlineData("CustomKeywordListField", "\"solo\"", "invalid value for search attribute CustomKeywordListField of type KeywordList: solo")]
    [InlineData("CustomKeywordField", "[\"a\",\"b\"]", "invalid value for search attribute CustomKeywordField of type Keyword: [a b]")]
    public void Search_attributes_the_validator_refuses_are_InvalidArgument_with_its_message(string name, string json, string message)
    {
        var start = Start("wf-7");
        start.SearchAttributes = Attributes((name, Json(json)));

        var e = Assert.Throws<RpcException>(() => _temporal.StartWorkflowExecution(start));

        Assert.Equal((StatusCode.InvalidArgument, message), (e.Code, e.Message));
    }

    [Theory]
    [InlineData("CustomTextField", "\"a keyword\"")]        // strings go in either string type
    [InlineData("CustomDoubleField", "42")]                  // an integer is a double
    [InlineData("CustomIntField", "[7]")]                    // a list of one is its element
    [InlineData("CustomDatetimeField", "\"2026-03-14T15:09:26.123456789+02:00\"")]
    [InlineData("CustomKeywordListField", "[\"a\",null]")]  // the server accepts (and logs) a null element
    public void Values_the_server_decodes_as_the_registered_type_are_accepted(string name, string json)
    {
        var start = Start("wf-8");
        start.SearchAttributes = Attributes((name, Json(json)));

        _temporal.StartWorkflowExecution(start);

        var described = _temporal.DescribeWorkflowExecution(Describe("wf-8")).WorkflowExecutionInfo.SearchAttributes;
        Assert.Equal(json, described.IndexedFields[name].Data.ToStringUtf8());
    }

    [Fact]
    public void Sizes_are_checked_as_the_validator_counts_them()
    {
        var many = Start("wf-9");
        many.SearchAttributes = Attributes(Enumerable.Range(0, 101).Select(i => ($"CustomIntField{i}", Json("1"))).ToArray());
        var large = Start("wf-9");
        large.SearchAttributes = Attributes(("CustomKeywordField", Json($"\"{new string('x', 2047)}\"")));
        var total = Start("wf-9");
        foreach (var i in Enumerable.Range(0, 30)) _temporal.AddSearchAttribute("default", $"Big{i}", IndexedValueType.Text);
        total.SearchAttributes = Attributes(Enumerable.Range(0, 30).Select(i => ($"Big{i}", Json($"\"{new string('x', 1500)}\""))).ToArray());

        Assert.Equal("number of search attributes 101 exceeds limit 100", Assert.Throws<RpcException>(() => _temporal.StartWorkflowExecution(many)).Message);
        Assert.Equal("search attribute CustomKeywordField value size 2049 exceeds size limit 2048",
            Assert.Throws<RpcException>(() => _temporal.StartWorkflowExecution(large)).Message);
        Assert.StartsWith("total size of search attributes ", Assert.Throws<RpcException>(() => _temporal.StartWorkflowExecution(total)).Message);
        Assert.EndsWith(" exceeds size limit 40960", Assert.Throws<RpcException>(() => _temporal.StartWorkflowExecution(total)).Message);
    }

    [Fact]
    public void Nil_values_are_dropped_and_describe_adds_the_type_a_client_left_out()
    {
        var start = Start("wf-10");
        var untyped = Json("\"alice\"");
        untyped.Metadata.Remove(SearchAttributeValue.TypeMetadataKey);
        start.SearchAttributes = Attributes(("CustomKeywordField", untyped), ("CustomIntField", Json("null")), ("CustomKeywordListField", Json("[]")));

        _temporal.StartWorkflowExecution(start);

        var described = _temporal.DescribeWorkflowExecution(Describe("wf-10")).WorkflowExecutionInfo.SearchAttributes;
        Assert.Equal(["CustomKeywordField"], described.IndexedFields.Keys);
        Assert.Equal(SearchAttributeValue.Keyword("alice"), SearchAttributeValue.FromPayload(described.IndexedFields["CustomKeywordField"]));
        Assert.Equal(["CustomKeywordField"], History("wf-10")[0].WorkflowExecutionStartedEventAttributes.SearchAttributes.IndexedFields.Keys);
    }

    [Fact]
    public void Attributes_given_to_the_engine_are_in_every_namespace_it_has_and_registers()
    {
        var temporal = new InMemoryTemporal(["default"], searchAttributes: new Dictionary<string, IndexedValueType> { ["CustomerId"] = IndexedValueType.Keyword });
        temporal.RegisterNamespace(new RegisterNamespaceRequest { Namespace = "later", WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(TimeSpan.FromDays(1)) });

        Assert.Equal(IndexedValueType.Keyword, temporal.SearchAttributeType("default", "CustomerId"));
        Assert.Equal(IndexedValueType.Keyword, temporal.SearchAttributeType("later", "CustomerId"));
        Assert.Equal(IndexedValueType.Int, temporal.SearchAttributeType("later", "CustomIntField"));
        Assert.Null(_temporal.SearchAttributeType("default", "CustomerId"));
        Assert.Throws<ArgumentException>(() => new InMemoryTemporal(searchAttributes: new Dictionary<string, IndexedValueType> { ["WorkflowId"] = IndexedValueType.Keyword }));
        Assert.Throws<ArgumentException>(() => new InMemoryTemporal(searchAttributes: new Dictionary<string, IndexedValueType> { ["X"] = IndexedValueType.Unspecified }));
    }

    [Fact]
    public void Terminate_applies_the_frontends_defaults_and_answers_NotFound_as_the_server_does()
    {
        var runId = _temporal.StartWorkflowExecution(Start("wf-11")).RunId;
        var missingRun = Guid.NewGuid().ToString();

        var wrongChain = Assert.Throws<RpcException>(() => _temporal.TerminateWorkflowExecution(new()
        {
            Namespace = "default", WorkflowExecution = new() { WorkflowId = "wf-11" }, FirstExecutionRunId = missingRun,
        }));
        var badRunId = Assert.Throws<RpcException>(() => _temporal.TerminateWorkflowExecution(new()
        {
            Namespace = "default", WorkflowExecution = new() { WorkflowId = "wf-11", RunId = "not-a-uuid" },
        }));
        var noRun = Assert.Throws<RpcException>(() => _temporal.TerminateWorkflowExecution(new()
        {
            Namespace = "default", WorkflowExecution = new() { WorkflowId = "wf-11", RunId = missingRun },
        }));
        // first_execution_run_id wins over the run id given.
        _temporal.TerminateWorkflowExecution(new()
        {
            Namespace = "default", WorkflowExecution = new() { WorkflowId = "wf-11", RunId = missingRun }, FirstExecutionRunId = runId,
        });
        var closed = Assert.Throws<RpcException>(() => _temporal.TerminateWorkflowExecution(new()
        {
            Namespace = "default", WorkflowExecution = new() { WorkflowId = "wf-11" },
        }));

        Assert.Equal((StatusCode.NotFound, "workflow execution not found"), (wrongChain.Code, wrongChain.Message));
        Assert.Equal((StatusCode.InvalidArgument, "Invalid RunId."), (badRunId.Code, badRunId.Message));
        Assert.Equal((StatusCode.NotFound, $"workflow execution not found for workflow ID \"wf-11\" and run ID \"{missingRun}\""), (noRun.Code, noRun.Message));
        Assert.Equal((StatusCode.NotFound, "workflow execution already completed"), (closed.Code, closed.Message));
        var terminated = History("wf-11")[^1].WorkflowExecutionTerminatedEventAttributes;
        Assert.Equal(("terminated by user via frontend", "frontend-service"), (terminated.Reason, terminated.Identity));
    }

    private SignalWithStartWorkflowExecutionRequest SignalWithStart(string workflowId, string signalName = "approve") => new()
    {
        Namespace = "default",
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
        TaskQueue = new TaskQueue { Name = "orders" },
        SignalName = signalName,
        RequestId = Guid.NewGuid().ToString(),
        Identity = "raw-client",
    };

    private static StartWorkflowExecutionRequest Start(string workflowId) => new()
    {
        Namespace = "default",
        WorkflowId = workflowId,
        WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
        TaskQueue = new TaskQueue { Name = "orders" },
        RequestId = Guid.NewGuid().ToString(),
        Identity = "raw-client",
    };

    private static DescribeWorkflowExecutionRequest Describe(string workflowId, string runId = "") =>
        new() { Namespace = "default", Execution = new() { WorkflowId = workflowId, RunId = runId } };

    private IReadOnlyList<Temporalio.Api.History.V1.HistoryEvent> History(string workflowId) =>
        _temporal.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = new() { WorkflowId = workflowId } }).History.Events;

    private static Payload Json(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain"), ["type"] = ByteString.CopyFromUtf8("Keyword") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private static SearchAttributes Attributes(params (string Name, Payload Value)[] attributes)
    {
        var result = new SearchAttributes();
        foreach (var (name, value) in attributes) result.IndexedFields[name] = value;
        return result;
    }
}
