using Hourglass.Protocol;
using Hourglass.Tests.Cluster;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// A client node without a codec asks an Hourglass node that has one: the Temporal server gets
/// ciphertext, and the messages that cross back carry the decoded payloads.
/// </summary>
public sealed class EncryptedCrossNodeTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public sealed record Order(string Id, int Lines);

    [Fact]
    public async Task The_codec_runs_on_the_node_that_calls_Temporal_and_replies_cross_decoded()
    {
        var hourglassNode = StartNode(hourglass: true,
            $"hourglass.client-backend = real\nhourglass.payload.codec = \"{typeof(AesGcmTestCodec).AssemblyQualifiedName}\"");
        var clientNode = StartNode(hourglass: false);
        FormCluster(hourglassNode, clientNode);
        var router = await RouterOf(hourglassNode, clientNode);
        var client = ProbeOn(clientNode, "client");

        router.Tell(new StartWorkflow("OrderWorkflow", "x-secret", new Order("x-secret", 3))
        {
            TaskQueue = "orders",
            Memo = new Dictionary<string, Payload> { ["team"] = HourglassPayload.From("payments") },
        }, client);
        var handle = client.ExpectMsg<WorkflowStarted>(Patience).Handle;

        var sent = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.True(AesGcmTestCodec.IsEncrypted(sent.Input.Payloads_[0]));
        Assert.True(AesGcmTestCodec.IsEncrypted(sent.Memo.Fields["team"]));

        router.Tell(new DescribeWorkflow(handle), client);
        Assert.Equal("payments", client.ExpectMsg<WorkflowDescribed>(Patience).Response.WorkflowExecutionInfo.Memo.Fields["team"].ToValue<string>());
        Server.Temporal.CompleteWorkflow("default", new() { WorkflowId = handle.WorkflowId, RunId = handle.RunId },
            new Payloads { Payloads_ = { AesGcmTestCodec.Encrypt(HourglassPayload.From(new Order("x-secret", 4))) } });
        router.Tell(new AwaitWorkflow(handle, Patience, TimeSpan.FromMilliseconds(20)), client);
        Assert.Equal(new Order("x-secret", 4), client.ExpectMsg<WorkflowClosed>(Patience).ResultAs<Order>());
    }
}
