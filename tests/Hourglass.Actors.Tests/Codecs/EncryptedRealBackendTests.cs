using Google.Protobuf;
using Hourglass.Protocol;
using Hourglass.Tests.Real;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Xunit.Abstractions;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// An encrypting codec named in HOCON, through the real backend and the Temporalio client against
/// the fake frontend: the server sees only ciphertext, the caller gets its values back.
/// </summary>
public sealed class EncryptedRealBackendTests(ITestOutputHelper output)
    : RealBackendTestKit(output, routerConfig: $"hourglass.payload.codec = \"{typeof(AesGcmTestCodec).AssemblyQualifiedName}\"")
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public sealed record Receipt(string OrderId, decimal Total);

    [Fact]
    public void The_server_records_only_encrypted_payloads_and_the_caller_reads_its_values_back()
    {
        Router.Tell(new StartWorkflow("OrderWorkflow", "secret-1", 42, "eur")
        {
            TaskQueue = "orders",
            Memo = new Dictionary<string, Payload> { ["team"] = HourglassPayload.From("payments") },
        });
        var handle = ExpectMsg<WorkflowStarted>(Patience).Handle;
        Router.Tell(new SignalWorkflow(handle, "approve", "by ops"));
        ExpectMsg<WorkflowSignaled>(Patience);

        // What went over the wire: ciphertext only, none of the values in it.
        var start = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.Equal(2, start.Input.Payloads_.Count);
        Assert.All(start.Input.Payloads_, AssertEncrypted);
        AssertEncrypted(start.Memo.Fields["team"]);
        var signal = Assert.Single(Server.RequestsOf<SignalWorkflowExecutionRequest>());
        AssertEncrypted(Assert.Single(signal.Input.Payloads_));
        foreach (var secret in new[] { "eur", "payments", "by ops" })
            Assert.DoesNotContain(secret, start.ToByteString().ToStringUtf8() + signal.ToByteString().ToStringUtf8());

        // What the caller gets: its values.
        Router.Tell(new DescribeWorkflow(handle));
        var described = ExpectMsg<WorkflowDescribed>(Patience).Response;
        Assert.Equal("payments", described.WorkflowExecutionInfo.Memo.Fields["team"].ToValue<string>());
        Router.Tell(new FetchHistory(handle));
        var events = ExpectMsg<HistoryFetched>(Patience).History.Events;
        var input = events.Single(e => e.WorkflowExecutionStartedEventAttributes is not null).WorkflowExecutionStartedEventAttributes.Input.Payloads_;
        Assert.Equal((42, "eur"), (input[0].ToValue<int>(), input[1].ToValue<string>()));
        Assert.Equal("by ops", events.Single(e => e.WorkflowExecutionSignaledEventAttributes is not null)
            .WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].ToValue<string>());

        // A worker with the same codec completes it; the await decodes the result.
        var result = AesGcmTestCodec.Encrypt(HourglassPayload.From(new Receipt("secret-1", 12.5m)));
        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = handle.WorkflowId, RunId = handle.RunId },
            new Payloads { Payloads_ = { result } });
        Router.Tell(new AwaitWorkflow(handle, Patience, TimeSpan.FromMilliseconds(20)));
        var closed = ExpectMsg<WorkflowClosed>(Patience);
        Assert.Equal(WorkflowState.Completed, closed.Status.State);
        Assert.Equal(new Receipt("secret-1", 12.5m), closed.ResultAs<Receipt>());
        Assert.False(AesGcmTestCodec.IsEncrypted(closed.Result!));

        // And the server keeps it all encrypted.
        var stored = Server.Temporal.GetWorkflowExecutionHistory(new() { Namespace = "default", Execution = new() { WorkflowId = handle.WorkflowId } });
        Assert.All(stored.History.Events.SelectMany(Payloads), AssertEncrypted);
    }

    [Fact]
    public async Task A_Temporalio_client_with_the_same_codec_reads_what_Hourglass_wrote()
    {
        Router.Tell(new StartWorkflow("OrderWorkflow", "secret-2", "ada")
        {
            TaskQueue = "orders",
            Memo = new Dictionary<string, Payload> { ["team"] = HourglassPayload.From("payments") },
        });
        var handle = ExpectMsg<WorkflowStarted>(Patience).Handle;
        var connection = await TemporalConnection.ConnectAsync(new(Server.Target));
        var client = new TemporalClient(connection, new TemporalClientOptions
        {
            Namespace = "default",
            DataConverter = DataConverter.Default with { PayloadCodec = new AesGcmTestCodec() },
        });

        var description = await client.GetWorkflowHandle(handle.WorkflowId).DescribeAsync();
        Assert.Equal("payments", await description.Memo["team"].ToValueAsync<string>());

        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = handle.WorkflowId, RunId = handle.RunId },
            new Payloads { Payloads_ = { AesGcmTestCodec.Encrypt(HourglassPayload.From("Hello, ada")) } });
        Assert.Equal("Hello, ada", await client.GetWorkflowHandle(handle.WorkflowId).GetResultAsync<string>());
    }

    private static void AssertEncrypted(Payload payload)
    {
        Assert.True(AesGcmTestCodec.IsEncrypted(payload), $"not encrypted: {payload}");
        Assert.Equal(AesGcmTestCodec.KeyId, payload.Metadata["encryption-key-id"].ToStringUtf8());
    }

    private static IEnumerable<Payload> Payloads(HistoryEvent e) =>
        (e.WorkflowExecutionStartedEventAttributes?.Input?.Payloads_ ?? Enumerable.Empty<Payload>())
        .Concat(e.WorkflowExecutionSignaledEventAttributes?.Input?.Payloads_ ?? Enumerable.Empty<Payload>())
        .Concat(e.WorkflowExecutionCompletedEventAttributes?.Result?.Payloads_ ?? Enumerable.Empty<Payload>());
}
