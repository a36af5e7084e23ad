using Hourglass.Host.Cli;

namespace Hourglass.Tests.Host;

/// <summary><c>--via</c> a node that is not there: Unreachable, exit 1, saying nothing listens there.</summary>
public sealed class ViaUnreachableTests
{
    [Fact]
    public async Task A_node_that_does_not_answer_is_Unreachable_with_exit_1()
    {
        // Nothing listens on port 1: the connection is refused, and the verb says so.
        var text = await CliRun.Of("status", "order-1", "--via", "akka.tcp://hourglass@127.0.0.1:1");
        var json = await CliRun.Of("start", "OrderWorkflow", "order-1", "--via", "127.0.0.1:1", "--json");

        Assert.True(text.Code == HourglassCli.OperationError, text.ToString());
        Assert.Equal("", text.Output);
        Assert.StartsWith("hourglass: operation failed: Unreachable: nothing listens at 127.0.0.1:1 (connection refused)", text.Error);
        Assert.Contains("is the node running (hourglass serve)", text.Error);
        Assert.True(json.Code == HourglassCli.OperationError, json.ToString());
        Assert.Equal("", json.Error);
        Assert.Equal("Unreachable", json.Json.GetProperty("error").GetProperty("kind").GetString());
    }
}
