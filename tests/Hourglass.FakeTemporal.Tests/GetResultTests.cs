using Hourglass.Backends.Mock;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using WorkflowExecution = Temporalio.Api.Common.V1.WorkflowExecution;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Xunit;
using static Hourglass.FakeTemporal.Tests.Support;

namespace Hourglass.FakeTemporal.Tests;

/// <summary>
/// The Temporalio SDK's own <c>WorkflowHandle.GetResultAsync</c> against the fake frontend: one
/// history long poll with the CLOSE_EVENT filter, re-issued after each empty page, following the
/// close event's new run id — which works only if the engine answers as a server does.
/// </summary>
public sealed class GetResultTests
{
    [Fact]
    public async Task GetResultAsync_waits_on_a_long_poll_for_a_run_that_closes_later()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", ["Ada"], new WorkflowOptions("later", "greetings"));

        var result = handle.GetResultAsync<string>();
        var poll = await server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(cancellationToken: Timeout());
        Assert.Equal((true, HistoryEventFilterType.CloseEvent), (poll.WaitNewEvent, poll.HistoryEventFilterType));
        Assert.False(result.IsCompleted);

        server.Temporal.CompleteWorkflow("default", Run(handle), Result("Hello, Ada"));

        Assert.Equal("Hello, Ada", await result.WaitAsync(Patience));
        Assert.Single(server.RequestsOf<GetWorkflowExecutionHistoryRequest>());
    }

    [Fact]
    public async Task GetResultAsync_polls_again_after_an_expired_poll_answers_an_empty_page_with_a_token()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        server.Temporal.LongPollInterval = TimeSpan.FromMilliseconds(200);
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [], new WorkflowOptions("expiring", "greetings"));

        var result = handle.GetResultAsync<string>();
        // The first poll expires; the SDK polls again with the token it got.
        var again = await server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(r => !r.NextPageToken.IsEmpty, Timeout());
        Assert.True(again.WaitNewEvent);
        server.Temporal.CompleteWorkflow("default", Run(handle), Result("patience"));

        Assert.Equal("patience", await result.WaitAsync(Patience));
    }

    [Fact]
    public async Task GetResultAsync_reads_the_close_event_of_a_closed_run_of_more_than_a_page()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [], new WorkflowOptions("long", "greetings"));
        for (var i = 0; i < 300; i++) await handle.SignalAsync("tick", [i]);
        server.Temporal.CompleteWorkflow("default", Run(handle), Result("after 300 signals"));

        Assert.Equal("after 300 signals", await handle.GetResultAsync<string>().WaitAsync(Patience));
        Assert.Single(server.RequestsOf<GetWorkflowExecutionHistoryRequest>());
    }

    [Fact]
    public async Task GetResultAsync_follows_continue_as_new_to_the_run_that_completes()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [], new WorkflowOptions("chain", "greetings"));

        var result = handle.GetResultAsync<string>();
        await server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(cancellationToken: Timeout());
        var second = server.Temporal.ContinueAsNew("default", Run(handle), null);
        var third = server.Temporal.ContinueAsNew("default", second, null);
        server.Temporal.CompleteWorkflow("default", third, Result("third time lucky"));

        Assert.Equal("third time lucky", await result.WaitAsync(Patience));
        var runs = server.RequestsOf<GetWorkflowExecutionHistoryRequest>().Select(r => r.Execution.RunId).Distinct();
        Assert.Equal([handle.ResultRunId, second.RunId, third.RunId], runs);
    }

    [Fact]
    public async Task GetResultAsync_of_a_failed_run_throws_WorkflowFailedException_with_the_failure()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [], new WorkflowOptions("failing", "greetings"));
        server.Temporal.FailWorkflow("default", Run(handle), MockFailures.Application("out of stock", "StockError"));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<string>().WaitAsync(Patience));

        var cause = Assert.IsType<ApplicationFailureException>(failed.InnerException);
        Assert.Equal(("out of stock", "StockError"), (cause.Message, cause.ErrorType));
    }

    [Fact]
    public async Task GetResultAsync_follows_a_retried_failure_to_the_attempt_that_completes()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [],
            new WorkflowOptions("retried", "greetings") { RetryPolicy = new Temporalio.Common.RetryPolicy { MaximumAttempts = 3 } });

        var result = handle.GetResultAsync<string>();
        server.Temporal.FailWorkflow("default", Run(handle), MockFailures.Application("flaky"));
        var retry = server.Temporal.CurrentRun("default", new WorkflowExecution { WorkflowId = "retried" });
        Assert.NotEqual(handle.ResultRunId, retry.RunId);
        server.Temporal.CompleteWorkflow("default", retry, Result("second attempt"));

        Assert.Equal("second attempt", await result.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_cancel_leaves_the_run_Running_until_honoured_then_GetResultAsync_throws_a_canceled_failure()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [], new WorkflowOptions("canceled", "greetings"));

        await handle.CancelAsync();
        await handle.CancelAsync();   // a second request is answered OK, as a server answers it
        var result = handle.GetResultAsync<string>();
        var described = await client.Connection.WorkflowService.DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = Run(handle) }, Rpc());
        Assert.Equal(WorkflowExecutionStatus.Running, described.WorkflowExecutionInfo.Status);
        Assert.True(described.WorkflowExtendedInfo.CancelRequested);
        Assert.False(result.IsCompleted);

        server.Temporal.HonourCancel("default", Run(handle), null);

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => result.WaitAsync(Patience));
        Assert.IsType<CanceledFailureException>(failed.InnerException);
        // The SDK sends the started run as the first execution run id; the engine honoured it.
        var cancels = server.RequestsOf<RequestCancelWorkflowExecutionRequest>();
        Assert.All(cancels, c => Assert.Equal(handle.ResultRunId, c.FirstExecutionRunId));
    }

    [Fact]
    public async Task GetResultAsync_of_a_run_timed_out_on_the_engines_clock_throws_a_timeout_failure()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(clock: clock) });
        var client = await ClientAsync(server);
        var handle = await client.StartWorkflowAsync("Greeter", [],
            new WorkflowOptions("timing-out", "greetings") { RunTimeout = TimeSpan.FromMinutes(10) });

        var result = handle.GetResultAsync<string>();
        await server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(cancellationToken: Timeout());
        clock.Advance(TimeSpan.FromMinutes(10));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => result.WaitAsync(Patience));
        var timeout = Assert.IsType<TimeoutFailureException>(failed.InnerException);
        Assert.Equal(TimeoutType.StartToClose, timeout.TimeoutType);
    }

    private static async Task<TemporalClient> ClientAsync(FakeTemporalServer server) =>
        new(await ConnectAsync(server), new TemporalClientOptions { Namespace = "default" });

    private static WorkflowExecution Run(WorkflowHandle handle) => new() { WorkflowId = handle.Id, RunId = handle.ResultRunId! };

    private static Payloads Result(string value) => new() { Payloads_ = { DataConverter.Default.PayloadConverter.ToPayload(value) } };
}
