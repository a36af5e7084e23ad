using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Hourglass.Tests.Host;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Codecs;

/// <summary>
/// The CLI with <c>--codec-endpoint</c>: inputs go to the server encrypted by the codec server,
/// and describe, history and await print the decoded values, in text and in JSON.
/// </summary>
public sealed class CodecServerCliTests : FakeServerCliTests
{
    private const string Auth = "Bearer codec-secret";
    private TestCodecServer _codec = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _codec = await TestCodecServer.StartAsync(new AesGcmTestCodec(), requiredAuthorization: Auth);
    }

    public override async Task DisposeAsync()
    {
        await _codec.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task<CliRun> RunWithCodec(params string[] args) => Run([.. args, "--codec-endpoint", _codec.Endpoint + "/{namespace}", "--codec-auth", Auth]);

    [Fact]
    public async Task Start_and_signal_send_payloads_the_codec_server_encrypted()
    {
        var started = await RunWithCodec("start", "OrderWorkflow", "cli-secret-1", "--arg", "42", "--arg", "\"eur\"", "--memo", "team=\"payments\"");
        var signaled = await RunWithCodec("signal", "cli-secret-1", "approve", "--arg", "\"by ops\"");

        Succeeded(started);
        Succeeded(signaled);
        var start = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
        Assert.All(start.Input.Payloads_, p => Assert.True(AesGcmTestCodec.IsEncrypted(p)));
        Assert.True(AesGcmTestCodec.IsEncrypted(start.Memo.Fields["team"]));
        Assert.Equal(42, AesGcmTestCodec.Decrypt(start.Input.Payloads_[0]).ToValue<int>());
        var signal = Assert.Single(Server.RequestsOf<SignalWorkflowExecutionRequest>());
        Assert.Equal("by ops", AesGcmTestCodec.Decrypt(signal.Input.Payloads_[0]).ToValue<string>());
        Assert.Contains(_codec.Calls, c => c.Path == "/default/encode" && c.Namespace == "default" && c.Authorization == Auth);
    }

    [Fact]
    public async Task Describe_history_and_await_print_the_decoded_values_in_text_and_json()
    {
        var runId = StartEncrypted("cli-secret-2", memo: ("team", "payments"), args: [42, "eur"]);
        Server.Temporal.CompleteWorkflow("default", Execution("cli-secret-2", runId),
            new Payloads { Payloads_ = { AesGcmTestCodec.Encrypt(HourglassPayload.From(new { shipped = true })) } });

        var describe = await RunWithCodec("describe", "cli-secret-2");
        var describeJson = await RunWithCodec("describe", "cli-secret-2", "--json");
        var history = await RunWithCodec("history", "cli-secret-2");
        var historyJson = await RunWithCodec("history", "cli-secret-2", "--json");
        var awaited = await RunWithCodec("await", "cli-secret-2", "--json");

        Succeeded(describe);
        Assert.Contains("team = \"payments\"", describe.Output);
        Succeeded(describeJson);
        Assert.Equal("payments", describeJson.Json.GetProperty("workflowExecutionInfo").GetProperty("memo")
            .GetProperty("fields").GetProperty("team").GetString());
        Succeeded(history);
        Assert.Contains("input 42, \"eur\"", history.Output);
        Assert.Contains("result {\"shipped\":true}", history.Output);
        Succeeded(historyJson);
        var events = historyJson.Json.GetProperty("events");
        var input = events[0].GetProperty("workflowExecutionStartedEventAttributes").GetProperty("input");
        Assert.Equal((42, "eur"), (input[0].GetInt32(), input[1].GetString()));
        Succeeded(awaited);
        Assert.True(awaited.Json.GetProperty("result").GetProperty("shipped").GetBoolean());
        Assert.All(_codec.Calls, c => Assert.Equal((Auth, "default"), (c.Authorization, c.Namespace)));
    }

    [Fact]
    public async Task Without_the_codec_the_same_history_shows_only_ciphertext()
    {
        StartEncrypted("cli-secret-3", memo: null, args: ["eur"]);

        var history = await Run("history", "cli-secret-3", "--json");

        Succeeded(history);
        var input = history.Json.GetProperty("events")[0].GetProperty("workflowExecutionStartedEventAttributes").GetProperty("input");
        var payload = input.GetProperty("payloads")[0];
        Assert.True(payload.TryGetProperty("data", out _));
        Assert.DoesNotContain("eur", history.Output);
    }

    [Fact]
    public async Task A_codec_server_that_refuses_fails_the_operation_without_echoing_the_authorization()
    {
        StartEncrypted("cli-secret-4", memo: ("team", "payments"), args: []);

        var run = await Run("describe", "cli-secret-4", "--codec-endpoint", _codec.Endpoint, "--codec-auth", "Bearer wrong-secret");

        FailedWith(run, 1);
        Assert.Contains("payload codec failed to decode", run.Error);
        Assert.Contains("401", run.Error);
        Assert.DoesNotContain("wrong-secret", run.Everything);
    }

    [Theory]
    [InlineData("--codec-endpoint")]
    [InlineData("--codec-auth")]
    public async Task The_codec_options_cannot_go_with_via_where_the_nodes_codec_applies(string option)
    {
        var run = await CliRun.Of("describe", "wf", "--via", "akka.tcp://hourglass@127.0.0.1:1", option, "http://127.0.0.1:1");

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains($"{option} cannot go with it", run.Error);
    }

    [Fact]
    public async Task A_codec_endpoint_that_is_no_address_is_refused_before_any_call()
    {
        var run = await Run("describe", "wf", "--codec-endpoint", "codec.internal");

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("--codec-endpoint (hourglass.payload.codec-endpoint)", run.Error);
        Assert.Empty(Server.Requests);
    }

    // As a worker with the same codec would have written it.
    private string StartEncrypted(string workflowId, (string Key, string Value)? memo, object?[] args)
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = "orders" },
            RequestId = Guid.NewGuid().ToString(),
        };
        if (args.Length > 0) request.Input = new Payloads { Payloads_ = { HourglassPayload.FromValues(args).Select(AesGcmTestCodec.Encrypt) } };
        if (memo is { } m) request.Memo = new Memo { Fields = { [m.Key] = AesGcmTestCodec.Encrypt(HourglassPayload.From(m.Value)) } };
        return Server.Temporal.StartWorkflowExecution(request).RunId;
    }
}
