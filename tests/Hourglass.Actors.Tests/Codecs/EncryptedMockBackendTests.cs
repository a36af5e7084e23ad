using Akka.Configuration;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// An encrypting codec on the mock: the in-memory Temporal holds only ciphertext, as a server does,
/// the controls that play the worker encrypt what they write, and the caller reads plain values.
/// </summary>
public sealed class EncryptedMockBackendTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    public sealed record Receipt(string OrderId, decimal Total);

    private readonly InMemoryTemporal _engine = new(["default"]);

    private IActorRef Router()
    {
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString(
            $"hourglass.payload.codec = \"{typeof(AesGcmTestCodec).AssemblyQualifiedName}\"").WithFallback(TestConfig()));
        return Sys.ActorOf(ClientBackendActor.Props(settings, mockBackend: MockBackendActor.Props(settings, _engine)));
    }

    [Fact]
    public void The_engine_holds_ciphertext_and_the_caller_gets_plain_values_from_describe_history_and_await()
    {
        var router = Router();
        router.Tell(new StartWorkflow("OrderWorkflow", "mock-secret-1", 7, "eur")
        {
            Memo = new Dictionary<string, Payload> { ["team"] = HourglassPayload.From("payments") },
        });
        var handle = ExpectMsg<WorkflowStarted>().Handle;
        router.Tell(new SignalWorkflow(handle, "approve", "by ops"));
        ExpectMsg<WorkflowSignaled>();
        router.Tell(new CompleteWorkflow(handle, (object?)new Receipt("mock-secret-1", 9.5m)));
        ExpectMsg<MockWorkflowUpdated>();

        // Inside the in-memory Temporal: ciphertext, as a server would store it.
        var execution = new WorkflowExecution { WorkflowId = handle.WorkflowId, RunId = handle.RunId };
        var stored = _engine.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = execution }).History.Events;
        var storedPayloads = stored.SelectMany(e => e.EventType switch
        {
            EventType.WorkflowExecutionStarted => e.WorkflowExecutionStartedEventAttributes.Input.Payloads_,
            EventType.WorkflowExecutionSignaled => e.WorkflowExecutionSignaledEventAttributes.Input.Payloads_,
            EventType.WorkflowExecutionCompleted => e.WorkflowExecutionCompletedEventAttributes.Result.Payloads_,
            _ => Enumerable.Empty<Payload>(),
        }).ToList();
        Assert.Equal(4, storedPayloads.Count);
        Assert.All(storedPayloads, p => Assert.True(AesGcmTestCodec.IsEncrypted(p)));
        var memo = _engine.DescribeWorkflowExecution(new() { Namespace = "default", Execution = execution }).WorkflowExecutionInfo.Memo;
        Assert.True(AesGcmTestCodec.IsEncrypted(memo.Fields["team"]));

        // Through Hourglass: the values.
        router.Tell(new DescribeWorkflow(handle));
        Assert.Equal("payments", ExpectMsg<WorkflowDescribed>().Response.WorkflowExecutionInfo.Memo.Fields["team"].ToValue<string>());
        router.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>().History.Events;
        var input = events[0].WorkflowExecutionStartedEventAttributes.Input.Payloads_;
        Assert.Equal((7, "eur"), (input[0].ToValue<int>(), input[1].ToValue<string>()));
        router.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20)));
        Assert.Equal(new Receipt("mock-secret-1", 9.5m), ExpectMsg<WorkflowClosed>().ResultAs<Receipt>());

        // Decoding never touched what the engine keeps.
        Assert.True(AesGcmTestCodec.IsEncrypted(_engine.DescribeWorkflowExecution(new() { Namespace = "default", Execution = execution })
            .WorkflowExecutionInfo.Memo.Fields["team"]));
    }

    [Fact]
    public void A_failure_written_by_a_control_is_encrypted_in_the_engine_and_decoded_for_the_caller()
    {
        var router = Router();
        router.Tell(new StartWorkflow("OrderWorkflow", "mock-secret-2"));
        var handle = ExpectMsg<WorkflowStarted>().Handle;
        var failure = MockFailures.Application("card declined", "CardDeclined");
        failure.ApplicationFailureInfo.Details = new Payloads { Payloads_ = { HourglassPayload.From("card 4242") } };
        router.Tell(new FailWorkflow(handle, failure));
        ExpectMsg<MockWorkflowUpdated>();

        var stored = _engine.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = new() { WorkflowId = handle.WorkflowId } })
            .History.Events.Single(e => e.EventType == EventType.WorkflowExecutionFailed).WorkflowExecutionFailedEventAttributes.Failure;
        Assert.True(AesGcmTestCodec.IsEncrypted(stored.ApplicationFailureInfo.Details.Payloads_[0]));
        Assert.False(AesGcmTestCodec.IsEncrypted(failure.ApplicationFailureInfo.Details.Payloads_[0]));

        router.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20)));
        var closed = ExpectMsg<WorkflowClosed>();
        Assert.Equal(WorkflowState.Failed, closed.Status.State);
        Assert.Equal("card 4242", closed.Failure!.ApplicationFailureInfo.Details.Payloads_[0].ToValue<string>());
    }
}
