using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal.Tests;

public class HighLevelClientTests
{
    [Fact]
    public async Task TemporalClient_starts_signals_describes_and_reads_the_result_of_a_workflow()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = new TemporalClient(await ConnectAsync(server), new TemporalClientOptions { Namespace = "default" });

        var handle = await client.StartWorkflowAsync("Greeter", ["Ada"], new WorkflowOptions("greet-ada", "greetings"));
        await handle.SignalAsync("nudge", [42]);
        var description = await handle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Running, description.Status);

        // Play the worker, then read the result as the client decodes it.
        server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "greet-ada", RunId = handle.ResultRunId! },
            new Temporalio.Api.Common.V1.Payloads { Payloads_ = { DataConverter.Default.PayloadConverter.ToPayload("Hello, Ada") } });
        Assert.Equal("Hello, Ada", await handle.GetResultAsync<string>());

        var start = Assert.Single(server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.Equal("Ada", DataConverter.Default.PayloadConverter.ToValue<string>(start.Input.Payloads_[0]));
        Assert.Equal("nudge", Assert.Single(server.RequestsOf<SignalWorkflowExecutionRequest>()).SignalName);
    }

    [Fact]
    public async Task TemporalClient_retries_an_injected_Unavailable_with_the_same_request_id()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = new TemporalClient(await ConnectAsync(server), new TemporalClientOptions { Namespace = "default" });
        var fault = server.InjectFault("StartWorkflowExecution", FakeFault.Error(StatusCode.Unavailable, "blip"));

        await client.StartWorkflowAsync("Greeter", [], new WorkflowOptions("retried", "greetings"));

        Assert.Equal(1, fault.TimesApplied);
        var starts = server.RequestsOf<StartWorkflowExecutionRequest>();
        Assert.Equal(2, starts.Count);
        Assert.Equal(starts[0].RequestId, starts[1].RequestId);
    }

    [Fact]
    public async Task TemporalClient_signal_with_start_keeps_typed_search_attributes_and_terminate_ends_the_run()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = new TemporalClient(await ConnectAsync(server), new TemporalClientOptions { Namespace = "default" });
        var customer = SearchAttributeKey.CreateKeyword("CustomKeywordField");
        var total = SearchAttributeKey.CreateDouble("CustomDoubleField");
        var options = new WorkflowOptions("sws-ada", "greetings")
        {
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(customer, "ada").Set(total, 42.5).ToSearchAttributeCollection(),
        };
        options.SignalWithStart("nudge", [1]);

        var handle = await client.StartWorkflowAsync("Greeter", ["Ada"], options);
        var second = new WorkflowOptions("sws-ada", "greetings");
        second.SignalWithStart("nudge", [2]);
        var again = await client.StartWorkflowAsync("Greeter", ["Ada"], second);
        var description = await handle.DescribeAsync();

        Assert.Equal(handle.ResultRunId, again.ResultRunId);
        Assert.Equal("ada", description.TypedSearchAttributes.Get(customer));
        Assert.Equal(42.5, description.TypedSearchAttributes.Get(total));
        var sent = server.RequestsOf<SignalWithStartWorkflowExecutionRequest>();
        Assert.Equal(["nudge", "nudge"], sent.Select(r => r.SignalName));

        await handle.TerminateAsync("enough");
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<string>());
        Assert.IsType<TerminatedFailureException>(failed.InnerException);
        Assert.Equal("enough", failed.InnerException!.Message);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await handle.DescribeAsync()).Status);
    }

    [Fact]
    public async Task TemporalClient_queries_and_updates_a_workflow_whose_worker_the_test_plays()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = new TemporalClient(await ConnectAsync(server), new TemporalClientOptions { Namespace = "default" });
        var handle = await client.StartWorkflowAsync("Cart", [], new WorkflowOptions("cart-1", "carts"));
        server.Temporal.SetQueryHandler("default", "cart-1", "count", call => Backends.Mock.QueryAnswer.Of(3));
        server.Temporal.SetQueryHandler("default", "cart-1", "broken", _ => Backends.Mock.QueryAnswer.Fail("no count today"));
        server.Temporal.SetUpdateHandler("default", "cart-1", "add", call =>
            Backends.Mock.UpdateAnswer.Complete($"added {DataConverter.Default.PayloadConverter.ToValue<string>(call.Args[0])}"));
        server.Temporal.SetUpdateHandler("default", "cart-1", "remove", _ => Backends.Mock.UpdateAnswer.Reject("not in the cart"));

        Assert.Equal(3, await handle.QueryAsync<int>("count", []));
        var failed = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowQueryFailedException>(() => handle.QueryAsync<int>("broken", []));
        Assert.Equal("no count today", failed.Message);
        Assert.Equal("added apple", await handle.ExecuteUpdateAsync<string>("add", ["apple"]));
        var rejected = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowUpdateFailedException>(() => handle.ExecuteUpdateAsync<string>("remove", ["pear"]));
        Assert.Equal("not in the cart", rejected.InnerException!.Message);

        server.Temporal.CompleteWorkflow("default", new() { WorkflowId = "cart-1" }, null);
        var closed = await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowQueryRejectedException>(() =>
            handle.QueryAsync<int>("count", [], new WorkflowQueryOptions { RejectCondition = QueryRejectCondition.NotOpen }));
        Assert.Equal(WorkflowExecutionStatus.Completed, closed.WorkflowStatus);
    }
}
