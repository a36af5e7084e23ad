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
    [InlineData("unrecognized option --bogus for describe", "describe", "wf", "--bogus", "1")]
    [InlineData("unrecognized option --failures for describe", "describe", "wf", "--failures")]
    [InlineData("unrecognized option --foo for status", "status", "x", "--foo")]
    [InlineData("unrecognized option --foo for status (a value that starts with - goes after --)", "status", "--foo")]
    [InlineData("--namespace comes before the command: options go after it", "--namespace", "default", "status", "wf")]
    [InlineData("status needs <workflow-id> (or --workflow-id/-w): hourglass status <workflow-id>", "status")]
    [InlineData("unexpected argument 'w10': hourglass status <workflow-id>, and --workflow-id gave one of them already", "status", "-w", "w9", "w10")]
    [InlineData("-o yaml is not one of text, json, jsonl", "status", "wf", "-o", "yaml")]
    [InlineData("--input and --input-file: give one of them", "start", "T", "wf", "-i", "1", "--input-file", "f")]
    [InlineData("--address cannot go with it", "status", "wf", "--via", "akka.tcp://hourglass@host:4053")]
    [InlineData("--api-key-file, --no-tls cannot go with it", "cancel", "wf", "--via", "host:4053", "--api-key-file", "k", "--no-tls")]
    [InlineData("--via akka.tcp://hourglass@host is not a node address", "status", "wf", "--via", "akka.tcp://hourglass@host")]
    [InlineData("--via nowhere is not a node address", "status", "wf", "--via", "nowhere")]
    [InlineData("unrecognized option --mock for status", "status", "wf", "--mock")]
    [InlineData("unrecognized option --run-id for serve", "serve", "--run-id", "r")]
    [InlineData("unexpected argument 'now': serve takes no arguments", "serve", "now")]
    [InlineData("--port 70000 is not a port", "serve", "--port", "70000")]
    [InlineData("--seed-nodes: akka.tcp://other@host:4053 names the ActorSystem 'other'", "serve", "--seed-nodes", "akka.tcp://other@host:4053")]
    [InlineData("--seed-nodes: host is not a node address", "serve", "--seed-nodes", "host")]
    [InlineData("--tls and --no-tls contradict each other", "serve", "--tls", "--no-tls")]
    [InlineData("start needs <workflow-id>", "start", "OrderWorkflow")]
    [InlineData("signal needs <signal-name>", "signal", "wf")]
    [InlineData("unexpected argument 'extra': hourglass cancel <workflow-id>", "cancel", "wf", "extra")]
    [InlineData("signal needs <signal-name> (or --name)", "signal", "-w", "wf")]
    [InlineData("--timeout 5x is not a duration", "await", "wf", "--timeout", "5x")]
    [InlineData("--retention 0s must be at least 1ms", "ensure-namespace", "billing", "--retention", "0s")]
    [InlineData("--rpc-timeout soon is not a duration", "status", "wf", "--rpc-timeout", "soon")]
    [InlineData("--arg hello is not a JSON value", "start", "T", "wf", "--arg", "hello")]
    [InlineData("--memo team: write key=<json>", "start", "T", "wf", "--memo", "team")]
    [InlineData("--id-reuse-policy sometimes is not one of allow, allow-failed-only, reject", "start", "T", "wf", "--id-reuse-policy", "sometimes")]
    [InlineData("--tls and --no-tls contradict each other", "describe", "wf", "--tls", "--no-tls")]
    [InlineData("Option '--run-id' expects a single argument but 2 were provided", "describe", "wf", "--run-id", "a", "--run-id", "b")]
    [InlineData("--reason needs a value (--address is an option; a value that starts with - is written --reason=--address)", "cancel", "wf", "--reason")]
    [InlineData("--reason needs a value (-n is an option; a value that starts with - is written --reason=-n)", "cancel", "wf", "--reason", "-n", "x")]
    [InlineData("option --json takes no value", "cancel", "wf", "--json=yes")]
    [InlineData("--limit -1 is not a number of executions", "list", "--limit=-1")]
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
    [InlineData("status", "x", "--foo")]
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

    [Theory]
    // Each is refused by Hourglass's validation (the router) before any call: exit 2, like a usage error.
    [InlineData("describe", "wf", "--run-id", "not-a-uuid")]
    [InlineData("status", "wf", "-r", "abc")]
    [InlineData("status", "")]
    [InlineData("ensure-namespace", "Bad Name!")]
    [InlineData("history", "-w", "")]
    public async Task Input_Hourglass_refuses_is_InvalidArgument_with_exit_2_before_any_call(params string[] args)
    {
        var json = await CliRun.Of([.. args, "--address", Nowhere, "--json"]);
        var text = await CliRun.Of([.. args, "--address", Nowhere]);

        Assert.True(json.Code == HourglassCli.UsageError, json.ToString());
        Assert.Equal("InvalidArgument", json.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.True(text.Code == HourglassCli.UsageError, text.ToString());
        Assert.StartsWith("hourglass: refused before any call: InvalidArgument: ", text.Error);
    }

    [Fact]
    public async Task An_option_last_without_its_value_says_so()
    {
        var run = await CliRun.Of("cancel", "wf", "--address", Nowhere, "--reason");

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("Required argument missing for option: '--reason'", run.Error);
    }

    [Fact]
    public async Task A_malformed_namespace_is_exit_2_before_any_call()
    {
        var run = await CliRun.Of("status", "wf", "--namespace", "bad ns!", "--address", Nowhere);

        Assert.True(run.Code == HourglassCli.UsageError, run.ToString());
        Assert.Contains("--namespace", run.Error);
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        var run = await CliRun.Of("--version");

        Assert.True(run.Code == 0, run.ToString());
        var version = typeof(HourglassCli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.Equal(version, run.Output.Trim());
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
