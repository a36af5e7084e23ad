using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Temporalio.Converters;

namespace Hourglass.Tests.Host;

/// <summary>Usage errors (exit 2) and the pieces of the command line: durations and JSON arguments.</summary>
public sealed class CliUsageTests
{
    // Nothing listens here: a usage error must be reported before anything is contacted.
    private const string Nowhere = "127.0.0.1:1";

    [Theory]
    [InlineData("unknown command 'explode'", "explode")]
    [InlineData("unknown option --bogus for describe", "describe", "wf", "--bogus", "1")]
    [InlineData("unknown option --failures for describe", "describe", "wf", "--failures")]
    [InlineData("--address cannot go with it", "status", "wf", "--via", "akka.tcp://hourglass@host:4053")]
    [InlineData("--api-key-file, --no-tls cannot go with it", "cancel", "wf", "--via", "host:4053", "--api-key-file", "k", "--no-tls")]
    [InlineData("--via akka.tcp://hourglass@host is not a node address", "status", "wf", "--via", "akka.tcp://hourglass@host")]
    [InlineData("--via nowhere is not a node address", "status", "wf", "--via", "nowhere")]
    [InlineData("unknown option --mock for status", "status", "wf", "--mock")]
    [InlineData("unknown option --run-id for serve", "serve", "--run-id", "r")]
    [InlineData("serve takes no arguments, not 'now'", "serve", "now")]
    [InlineData("--port 70000 is not a port", "serve", "--port", "70000")]
    [InlineData("--seed-nodes: akka.tcp://other@host:4053 names the ActorSystem 'other'", "serve", "--seed-nodes", "akka.tcp://other@host:4053")]
    [InlineData("--seed-nodes: host is not a node address", "serve", "--seed-nodes", "host")]
    [InlineData("--tls and --no-tls contradict each other", "serve", "--tls", "--no-tls")]
    [InlineData("start needs <workflow-id>", "start", "OrderWorkflow")]
    [InlineData("signal needs <signal-name>", "signal", "wf")]
    [InlineData("not also 'extra'", "cancel", "wf", "extra")]
    [InlineData("--timeout 5x is not a duration", "await", "wf", "--timeout", "5x")]
    [InlineData("--retention 0s must be at least 1ms", "ensure-namespace", "billing", "--retention", "0s")]
    [InlineData("--rpc-timeout soon is not a duration", "status", "wf", "--rpc-timeout", "soon")]
    [InlineData("--arg hello is not a JSON value", "start", "T", "wf", "--arg", "hello")]
    [InlineData("--memo team: write key=<json>", "start", "T", "wf", "--memo", "team")]
    [InlineData("--id-reuse-policy sometimes is not one of allow, allow-failed-only, reject", "start", "T", "wf", "--id-reuse-policy", "sometimes")]
    [InlineData("--tls and --no-tls contradict each other", "describe", "wf", "--tls", "--no-tls")]
    [InlineData("--run-id is given more than once", "describe", "wf", "--run-id", "a", "--run-id", "b")]
    [InlineData("option --reason needs a value", "cancel", "wf", "--reason")]
    [InlineData("option --json takes no value", "cancel", "wf", "--json=yes")]
    public async Task A_wrong_command_line_is_a_usage_error_with_exit_2(string message, params string[] args)
    {
        var text = await CliRun.Of([.. args, "--address", Nowhere]);

        Assert.Equal(HourglassCli.UsageError, text.Code);
        Assert.Equal("", text.Output);
        Assert.StartsWith("hourglass: usage error: ", text.Error);
        Assert.Contains(message, text.Error);
    }

    [Theory]
    [InlineData("describe", "wf", "--bogus", "1")]
    [InlineData("await", "wf", "--timeout", "forever")]
    [InlineData("cancel", "wf", "--reason")]
    [InlineData("explode")]
    [InlineData]
    public async Task A_usage_error_with_json_is_one_JSON_document_on_stdout(params string[] args)
    {
        var run = await CliRun.Of([.. args, "--json", "--address", Nowhere]);

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Equal("", run.Error);
        Assert.Equal("Usage", run.Json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_configuration_Hourglass_refuses_is_exit_2_naming_the_option()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hourglass-missing-{Guid.NewGuid():N}.pem");

        var tls = await CliRun.Of("status", "wf", "--tls-ca", file, "--address", Nowhere);
        var ns = await CliRun.Of("status", "wf", "--namespace", "not a namespace", "--address", Nowhere, "--json");

        Assert.Equal(HourglassCli.UsageError, tls.Code);
        Assert.StartsWith("hourglass: configuration error: ", tls.Error);
        Assert.Contains("--tls-ca", tls.Error);
        Assert.Contains(file, tls.Error);
        Assert.Equal(HourglassCli.UsageError, ns.Code);
        Assert.Equal("Configuration", ns.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("--namespace", ns.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_invalid_run_id_is_refused_by_Hourglass_before_any_call()
    {
        var run = await CliRun.Of("describe", "wf", "--run-id", "not-a-uuid", "--address", Nowhere, "--json");

        Assert.Equal(HourglassCli.OperationError, run.Code);
        Assert.Equal("InvalidArgument", run.Json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3d", 259_200_000)]
    public void Durations_take_a_number_and_a_unit(string text, long milliseconds)
    {
        var duration = Durations.Parse("timeout", text);

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
        Assert.Equal(duration, Durations.Parse("timeout", Durations.Format(duration)));
    }

    [Theory]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5w")]
    [InlineData("0ms")]
    public void Anything_else_is_not_a_duration(string text) =>
        Assert.Throws<UsageException>(() => Durations.Parse("timeout", text));

    public static TheoryData<string, object?> JsonArguments => new()
    {
        { "42", 42 },
        { "-1.25", -1.25 },
        { "true", true },
        { "\"text\"", "text" },
        { "\"héllo <wörld> & 'you'\"", "héllo <wörld> & 'you'" },
        { "null", null },
        { "{\"a\":1,\"b\":[true,null]}", new Dictionary<string, object?> { ["a"] = 1, ["b"] = new object?[] { true, null } } },
        { "[1,\"two\"]", new object[] { 1, "two" } },
    };

    [Theory]
    [MemberData(nameof(JsonArguments))]
    public void A_JSON_argument_is_the_payload_the_default_converter_makes_of_the_same_value(string json, object? value)
    {
        var fromCli = JsonValues.Payload("arg", json);
        var fromValue = DataConverter.Default.PayloadConverter.ToPayload(value);

        Assert.Equal(fromValue, fromCli);
    }

    [Fact]
    public void A_JSON_argument_decodes_back_to_the_value()
    {
        Assert.Equal(42, JsonValues.Payload("arg", "42").ToValue<int>());
        Assert.Equal("text", JsonValues.Payload("arg", "\"text\"").ToValue<string>());
        Assert.Null(JsonValues.Payload("arg", "null").ToValue<string?>());
        Assert.Equal(new Point(1, 2), JsonValues.Payload("arg", "{\"X\":1,\"Y\":2}").ToValue<Point>());
    }

    private sealed record Point(int X, int Y);
}
