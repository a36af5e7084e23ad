using Hourglass.Tests.Support;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Backends.Mock;
using Hourglass.Temporal;
using Microsoft.Extensions.Time.Testing;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Mock;

/// <summary>
/// The describe the backends get from the in-memory Temporal (its <see cref="ITemporalService"/>) is
/// built once per change of the run and shared until the next: after every kind of change it equals a
/// describe built afresh, and without a change it is the same answer again. The public describe is
/// the caller's own.
/// </summary>
public sealed class SharedDescribeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTemporal _temporal;

    public SharedDescribeTests()
    {
        _temporal = new InMemoryTemporal(["default"], _clock);
        _temporal.AddSearchAttribute("default", "Region", IndexedValueType.Keyword);
    }

    [Fact]
    public void The_shared_describe_follows_every_change_of_the_run_and_is_reused_until_one()
    {
        var run = Start("shared-1", s =>
        {
            s.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(10));
            // Sent without its type, as a client may: describe adds the namespace's type.
            s.SearchAttributes = new SearchAttributes { IndexedFields = { ["Region"] = Json("\"eu-west\"") } };
        });
        var steps = new (string Change, Action Apply)[]
        {
            ("a signal", () => _temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
                { Namespace = "default", WorkflowExecution = run, SignalName = "go", RequestId = "s-1" })),
            ("a pending activity", () => _temporal.SetPendingActivity("default", run, "Charge", 1, null)),
            ("the same activity's next attempt, changed in place", () => _temporal.SetPendingActivity("default", run, "Charge", 2, MockFailures.Application("declined"))),
            ("an activity failure", () => _temporal.RecordActivityFailure("default", run, "Charge", 3, MockFailures.Application("declined again"))),
            ("a cancel request", () => _temporal.RequestCancelWorkflowExecution(new RequestCancelWorkflowExecutionRequest
                { Namespace = "default", WorkflowExecution = run, Reason = "stop", RequestId = "c-1" })),
            ("a search attribute type given anew", () => _temporal.AddSearchAttribute("default", "Region", IndexedValueType.Text)),
            ("the execution timeout on the engine's clock", () => _clock.Advance(TimeSpan.FromMinutes(11))),
        };

        var previous = Shared(run);
        Assert.Equal(Fresh(run), previous);
        Assert.Same(previous, Shared(run));
        foreach (var (change, apply) in steps)
        {
            apply();

            var shared = Shared(run);
            Assert.True(Fresh(run).Equals(shared), $"after {change} the shared describe is stale");
            Assert.False(previous.Equals(shared), $"{change} changed nothing describe shows");
            Assert.Same(shared, Shared(run));
            previous = shared;
        }
        Assert.Equal(WorkflowExecutionStatus.TimedOut, previous.WorkflowExecutionInfo.Status);
        Assert.Equal("Text", previous.WorkflowExecutionInfo.SearchAttributes.IndexedFields["Region"].Metadata["type"].ToStringUtf8());
    }

    [Fact]
    public void Each_run_has_its_own_shared_describe_and_a_close_shows_in_it()
    {
        var first = Start("shared-2");
        var second = Start("shared-3");
        var firstDescribed = Shared(first);

        _temporal.CompleteWorkflow("default", second, null);

        Assert.Same(firstDescribed, Shared(first));
        var closed = Shared(second);
        Assert.Equal(WorkflowExecutionStatus.Completed, closed.WorkflowExecutionInfo.Status);
        Assert.NotNull(closed.WorkflowExecutionInfo.CloseTime);
        Assert.Equal(Fresh(second), closed);
    }

    [Fact]
    public async Task Describes_racing_writes_never_go_back_and_end_on_the_last_write()
    {
        var run = Start("shared-race");
        const int signals = 2_000;
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            long seen = 0;
            while (!done.IsCancellationRequested)
            {
                var length = Shared(new WorkflowExecution { WorkflowId = "shared-race" }).WorkflowExecutionInfo.HistoryLength;
                Assert.True(length >= seen, $"a describe went back from {seen} to {length} events");
                seen = length;
            }
            return seen;
        })).ToArray();

        for (var i = 0; i < signals; i++)
        {
            _temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
                { Namespace = "default", WorkflowExecution = run, SignalName = "tick", RequestId = $"t-{i}" });
        }
        var afterWrites = Shared(new WorkflowExecution { WorkflowId = "shared-race" });
        await done.CancelAsync();
        await Task.WhenAll(readers);

        // The first signal schedules a workflow task: started, task scheduled, then one event per signal.
        Assert.Equal(2 + signals, afterWrites.WorkflowExecutionInfo.HistoryLength);
        Assert.Equal(Fresh(run), afterWrites);
    }

    [Fact]
    public void The_public_describe_is_the_callers_own_to_change()
    {
        var run = Start("shared-4");
        var shared = Shared(run);
        var mine = _temporal.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = run });

        mine.WorkflowExecutionInfo.HistoryLength = 99;
        mine.PendingActivities.Clear();

        Assert.NotSame(shared, mine);
        Assert.Equal(2, Shared(run).WorkflowExecutionInfo.HistoryLength);
        Assert.Equal(2, Fresh(run).WorkflowExecutionInfo.HistoryLength);
    }

    [Fact]
    public void A_missing_run_or_namespace_is_NotFound_through_the_service_as_before()
    {
        Start("shared-5");

        var missingRun = Assert.ThrowsAny<Temporalio.Exceptions.RpcException>(() => Shared(new WorkflowExecution { WorkflowId = "nobody" }));
        var missingNamespace = Assert.ThrowsAny<Temporalio.Exceptions.RpcException>(() => Shared(new WorkflowExecution { WorkflowId = "shared-5" }, "elsewhere"));

        Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.NotFound, missingRun.Code);
        Assert.Equal("workflow not found for ID: nobody", missingRun.Message);
        Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.NotFound, missingNamespace.Code);
        Assert.Equal("Namespace elsewhere is not found.", missingNamespace.Message);
    }

    private DescribeWorkflowExecutionResponse Shared(WorkflowExecution run, string @namespace = "default")
    {
        var answer = ((ITemporalService)_temporal).DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = @namespace, Execution = run }, CancellationToken.None);
        Assert.True(answer.IsCompleted);
        return answer.Result;
    }

    private DescribeWorkflowExecutionResponse Fresh(WorkflowExecution run) =>
        _temporal.DescribeWorkflowExecution(new DescribeWorkflowExecutionRequest { Namespace = "default", Execution = run });

    private WorkflowExecution Start(string workflowId, Action<StartWorkflowExecutionRequest>? configure = null) =>
        EngineRuns.Start(_temporal, workflowId, configure);

    private static Payload Json(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(json)),
    };
}
