using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Mock;

/// <summary>
/// ListWorkflows and CountWorkflows through the ClientBackendActor on the mock backend, over an
/// in-memory Temporal the test holds (to start runs with search attributes and to move the clock).
/// </summary>
public sealed class ListAndCountTests : HourglassTestKit
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SteppingClock _clock = new(T0);
    private readonly InMemoryTemporal _temporal;
    private readonly IActorRef _router;

    public ListAndCountTests(ITestOutputHelper output) : base(output)
    {
        _temporal = new InMemoryTemporal(["default", "billing"], _clock);
        var settings = HourglassSettings.Create(TestConfig());
        _router = Sys.ActorOf(ClientBackendActor.Props(settings, mockBackend: MockBackendActor.Props(settings, _temporal)));
    }

    private WorkflowHandle Start(string workflowId, string type = "OrderWorkflow", string @namespace = "default", string? customer = null)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = @namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = type },
            TaskQueue = new TaskQueue { Name = "orders" },
            RequestId = Guid.NewGuid().ToString(),
        };
        if (customer is not null)
        {
            var value = HourglassPayload.From(customer);
            value.Metadata["type"] = ByteString.CopyFromUtf8("Keyword");
            request.SearchAttributes = new SearchAttributes { IndexedFields = { ["CustomKeywordField"] = value } };
        }
        return new WorkflowHandle(@namespace, workflowId, _temporal.StartWorkflowExecution(request).RunId);
    }

    private void Complete(WorkflowHandle handle)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        _router.Tell(new CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<MockWorkflowUpdated>();
    }

    private static string Ids(WorkflowsListed listed) => string.Join(",", listed.Executions.Select(e => e.Execution.WorkflowId));

    [Fact]
    public void List_in_the_default_namespace_answers_the_matching_executions_newest_first()
    {
        Start("order-1", customer: "vip");
        Start("order-2");
        Start("invoice-1", type: "InvoiceWorkflow");
        Start("order-3", customer: "vip");
        Start("elsewhere", @namespace: "billing");

        _router.Tell(new ListWorkflows("", "WorkflowType = 'OrderWorkflow'"));
        var listed = ExpectMsg<WorkflowsListed>();

        Assert.Equal("default", listed.Namespace);
        Assert.Equal("order-3,order-2,order-1", Ids(listed));
        Assert.True(listed.NextPageToken.IsEmpty);
        Assert.False(listed.HasMore);

        _router.Tell(new ListWorkflows("default", "CustomKeywordField = 'vip'"));
        var vip = ExpectMsg<WorkflowsListed>();
        Assert.Equal("order-3,order-1", Ids(vip));
        Assert.Equal("vip", vip.Executions[0].SearchAttributes.IndexedFields["CustomKeywordField"].ToValue<string>());

        _router.Tell(new ListWorkflows("billing", ""));
        Assert.Equal("elsewhere", Ids(ExpectMsg<WorkflowsListed>()));
    }

    [Fact]
    public void Paging_through_several_pages_with_the_tokens_sees_every_execution_once()
    {
        for (var i = 0; i < 7; i++) Start($"order-{i}");
        Complete(new WorkflowHandle("default", "order-2"));

        var seen = new List<string>();
        var token = ByteString.Empty;
        var pages = 0;
        do
        {
            _router.Tell(new ListWorkflows("", "") { PageSize = 3, NextPageToken = token });
            var page = ExpectMsg<WorkflowsListed>();
            Assert.True(page.Executions.Count <= 3);
            seen.AddRange(page.Executions.Select(e => e.Execution.WorkflowId));
            token = page.NextPageToken;
            pages++;
        }
        while (!token.IsEmpty);

        Assert.Equal(["order-6", "order-5", "order-4", "order-3", "order-1", "order-0", "order-2"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void Count_answers_the_total_and_with_GROUP_BY_ExecutionStatus_a_group_per_status()
    {
        var first = Start("order-1");
        Start("order-2");
        Start("order-3");
        Start("invoice-1", type: "InvoiceWorkflow");
        Complete(first);

        _router.Tell(new CountWorkflows("", "WorkflowType = 'OrderWorkflow'"));
        var plain = ExpectMsg<WorkflowsCounted>();
        Assert.Equal(3, plain.Count);
        Assert.Empty(plain.Groups);

        _router.Tell(new CountWorkflows("default", "WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus"));
        var grouped = ExpectMsg<WorkflowsCounted>();
        Assert.Equal(3, grouped.Count);
        Assert.Equal([(WorkflowExecutionStatus.Running, 2L), (WorkflowExecutionStatus.Completed, 1L)],
            grouped.Groups.Select(g => (g.Status!.Value, g.Count)));
        Assert.Equal(["Running"], grouped.Groups[0].Values);
        Assert.Equal("Keyword", grouped.Groups[0].GroupValues[0].Metadata["type"].ToStringUtf8());
    }

    [Theory]
    [InlineData("Nope = 'x'", "invalid query: invalid expression: column name 'Nope' is not a valid search attribute")]
    [InlineData("WorkflowId = 'x' ORDER BY StartTime", "invalid query: operation is not supported: 'ORDER BY' clause")]
    [InlineData("CustomIntField = 'five'", "invalid query: invalid expression: invalid value type for search attribute CustomIntField of type Int: \"five\" (type: string)")]
    [InlineData("WorkflowId = 'x' )", "invalid query: malformed SQL query: syntax error at position 46")]
    public void A_query_the_server_refuses_fails_with_its_INVALID_ARGUMENT(string query, string message)
    {
        _router.Tell(new ListWorkflows("", query));
        var failed = ExpectFailure(ErrorKind.InvalidArgument);
        Assert.Equal((3, message), (failed.Error.GrpcCode, failed.Error.Message));
        Assert.IsType<ListWorkflows>(failed.Request);

        _router.Tell(new CountWorkflows("", query));
        Assert.Equal(message, ExpectFailure(ErrorKind.InvalidArgument).Error.Message);
    }

    [Fact]
    public void GROUP_BY_is_for_count_only_and_only_by_ExecutionStatus()
    {
        _router.Tell(new ListWorkflows("", "GROUP BY ExecutionStatus"));
        Assert.Equal("invalid query: operation is not supported: 'GROUP BY' clause", ExpectFailure(ErrorKind.InvalidArgument).Error.Message);

        _router.Tell(new CountWorkflows("", "GROUP BY TaskQueue"));
        Assert.Equal("invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute TaskQueue",
            ExpectFailure(ErrorKind.InvalidArgument).Error.Message);
    }

    [Fact]
    public void A_missing_namespace_is_NamespaceNotFound()
    {
        _router.Tell(new ListWorkflows("nowhere", ""));
        Assert.Contains("nowhere", ExpectFailure(ErrorKind.NamespaceNotFound).Error.Message);

        _router.Tell(new CountWorkflows("nowhere", ""));
        ExpectFailure(ErrorKind.NamespaceNotFound);
    }

    [Fact]
    public void A_token_that_is_not_the_servers_is_refused_by_it()
    {
        Start("order-1");
        _router.Tell(new ListWorkflows("", "") { NextPageToken = ByteString.CopyFromUtf8("not a token") });
        var failed = ExpectFailure(ErrorKind.InvalidArgument);
        Assert.StartsWith("unable to deserialize page token", failed.Error.Message);
    }

    [Fact]
    public void Bad_input_is_refused_before_the_backend_naming_the_field()
    {
        _router.Tell(new ListWorkflows("", "") { PageSize = -1 });
        Assert.StartsWith("ListWorkflows.PageSize must not be negative", ExpectFailure(ErrorKind.InvalidArgument).Error.Message);

        _router.Tell(new ListWorkflows("", new string('x', 2 * 1024 * 1024)));
        Assert.StartsWith("ListWorkflows.Query is", ExpectFailure(ErrorKind.InvalidArgument).Error.Message);

        _router.Tell(new CountWorkflows("not a namespace!", ""));
        Assert.StartsWith("CountWorkflows.Namespace is not a namespace name", ExpectFailure(ErrorKind.InvalidArgument).Error.Message);
    }

    [Fact]
    public void List_and_count_can_be_scripted_like_any_backend_operation()
    {
        _router.Tell(MockScript.Expect<ListWorkflows>(l => new WorkflowsListed(l.Namespace, [], ByteString.Empty)));
        ExpectMsg<MockScriptAccepted>();
        _router.Tell(MockScript.Stub<CountWorkflows>(_ => new WorkflowsCounted(12, [])));
        ExpectMsg<MockScriptAccepted>();
        Start("order-1");

        _router.Tell(new ListWorkflows("", "ExecutionStatus = 'Running'"));
        Assert.Empty(ExpectMsg<WorkflowsListed>().Executions);
        _router.Tell(new CountWorkflows("", ""));
        Assert.Equal(12, ExpectMsg<WorkflowsCounted>().Count);
        _router.Tell(MockScript.Verify());
        Assert.True(ExpectMsg<MockVerified>().Satisfied);
    }

    [Fact]
    public async Task The_Ask_helpers_list_a_page_every_page_and_count()
    {
        for (var i = 0; i < 5; i++) Start($"order-{i}");
        Start("other", type: "Other");

        var page = await _router.ListWorkflowsAsync("WorkflowType = 'OrderWorkflow'", pageSize: 2);
        Assert.Equal("order-4,order-3", Ids(page));
        var next = await _router.ListWorkflowsAsync("WorkflowType = 'OrderWorkflow'", pageSize: 2, nextPageToken: page.NextPageToken);
        Assert.Equal("order-2,order-1", Ids(next));

        var all = new List<string>();
        await foreach (var execution in _router.ListAllWorkflowsAsync("WorkflowType = 'OrderWorkflow'", pageSize: 2))
            all.Add(execution.Execution.WorkflowId);
        Assert.Equal(["order-4", "order-3", "order-2", "order-1", "order-0"], all);

        Assert.Equal(6, (await _router.CountWorkflowsAsync()).Count);
        var grouped = await _router.CountWorkflowsAsync("GROUP BY ExecutionStatus", "default");
        Assert.Equal(WorkflowExecutionStatus.Running, Assert.Single(grouped.Groups).Status);

        var refused = await Assert.ThrowsAsync<HourglassException>(async () =>
        {
            await foreach (var _ in _router.ListAllWorkflowsAsync("Nope = 1")) { }
        });
        Assert.Equal(3, refused.Error.GrpcCode);
    }
}
