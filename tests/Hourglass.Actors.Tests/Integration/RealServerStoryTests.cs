using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Integration;

/// <summary>
/// The story of the fake-frontend tests, against the Temporal server at TEMPORAL_ADDRESS (namespace
/// TEMPORAL_NAMESPACE or "default", API key TEMPORAL_API_KEY when set). There is no worker, so the
/// workflow stays open after the cancel request: the story ends with an await that times out on it.
/// </summary>
public sealed class RealServerStoryTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IActorRef RealRouter()
    {
        // Empty values take the environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY.
        var config = ConfigurationFactory.ParseString("""
            hourglass.client-backend = real
            hourglass.default-namespace = ""
            hourglass.real { target-host = "", retry.max-attempts = 3 }
            """).WithFallback(TestConfig());
        return Sys.ActorOf(ClientBackendActor.Props(HourglassSettings.Create(config)));
    }

    [RealServerFact]
    public void The_whole_story_against_a_real_server()
    {
        var hourglass = RealRouter();
        var workflowId = $"hourglass-it-{Guid.NewGuid():N}";

        hourglass.Tell(new EnsureNamespace(Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } ns ? ns : "default"));
        ExpectMsg<NamespaceEnsured>(Patience);

        hourglass.Tell(new StartWorkflow("HourglassIntegration", workflowId, 1, "two") { TaskQueue = "hourglass-it-no-worker" });
        var handle = ExpectMsg<WorkflowStarted>(Patience).Handle;
        Assert.True(Guid.TryParse(handle.RunId, out _));

        hourglass.Tell(new StartWorkflow("HourglassIntegration", workflowId) { TaskQueue = "hourglass-it-no-worker" });
        Assert.Equal(handle.RunId, ExpectFailure(ErrorKind.AlreadyStarted, Patience).Error.ExistingRunId);

        hourglass.Tell(new DescribeWorkflow(handle));
        Assert.Equal(WorkflowExecutionStatus.Running, ExpectMsg<WorkflowDescribed>(Patience).Response.WorkflowExecutionInfo.Status);

        hourglass.Tell(new SignalWorkflow(handle, "poke", "hello"));
        ExpectMsg<WorkflowSignaled>(Patience);

        hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));
        var status = ExpectMsg<WorkflowStatus>(Patience);
        Assert.Equal(WorkflowState.Running, status.State);
        Assert.Empty(status.RecentFailures!);

        hourglass.Tell(new CancelWorkflow(handle, "integration test"));
        ExpectMsg<CancelRequested>(Patience);

        hourglass.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>(Patience).History.Events;
        Assert.Equal(EventType.WorkflowExecutionStarted, events[0].EventType);
        Assert.Contains(events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Contains(events, e => e.EventType == EventType.WorkflowExecutionCancelRequested);

        // A server with no worker keeps the workflow open after the cancel request: the await
        // times out on a Running workflow. (A frontend that closes on cancel answers Canceled.)
        hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500)));
        switch (ExpectMsg<IHourglassReply>(Patience))
        {
            case OperationFailed { Error.Kind: ErrorKind.Timeout } timedOut:
                Assert.Equal(WorkflowState.Running, timedOut.Error.LastStatus!.State);
                break;
            case WorkflowClosed closed:
                Assert.Equal(WorkflowState.Canceled, closed.Status.State);
                break;
            case var other:
                Assert.Fail($"await answered {other}");
                break;
        }

        hourglass.Tell(new DescribeWorkflow(WorkflowHandle.Latest($"{workflowId}-missing")));
        ExpectFailure(ErrorKind.NotFound, Patience);
    }
}
