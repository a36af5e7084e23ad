using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>Operation errors (exit 1) from the fake Temporal frontend, and the API key (from a file, as is best).</summary>
public sealed class OperatorErrorTests : FakeServerCliTests, IDisposable
{
    private const string ApiKey = "s3cret-key-0451";

    // The key in a file, with the newline an editor leaves.
    private readonly string _keyFile = KeyFile(ApiKey);

    protected override FakeTemporalOptions ServerOptions() => new() { RequiredApiKey = ApiKey };

    public void Dispose() => File.Delete(_keyFile);

    internal static string KeyFile(string key)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hourglass-key-{Guid.NewGuid():N}");
        File.WriteAllText(path, key + "\n");
        return path;
    }

    [Fact]
    public async Task An_unknown_workflow_is_NotFound()
    {
        var text = await Run("describe", "ghost", "--api-key-file", _keyFile, "--no-tls");
        var json = await Run("signal", "ghost", "approve", "--api-key-file", _keyFile, "--no-tls", "--json");

        FailedWith(text, HourglassCli.OperationError);
        Assert.Equal("", text.Output);
        Assert.StartsWith("hourglass: operation failed: NotFound:", text.Error);
        FailedWith(json, HourglassCli.OperationError);
        Assert.Equal("", json.Error);
        Assert.Equal("NotFound", json.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(json.Json.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_second_start_of_a_running_id_is_AlreadyStarted_with_its_run_id()
    {
        var first = await Run("start", "OrderWorkflow", "dup", "--api-key-file", _keyFile, "--no-tls", "--json");
        var text = await Run("start", "OrderWorkflow", "dup", "--api-key-file", _keyFile, "--no-tls");
        var json = await Run("start", "OrderWorkflow", "dup", "--api-key-file", _keyFile, "--no-tls", "--json");

        Succeeded(first);
        var runId = first.Json.GetProperty("runId").GetString();
        FailedWith(text, HourglassCli.OperationError);
        Assert.StartsWith("hourglass: operation failed: AlreadyStarted:", text.Error);
        Assert.Contains($"running run id  {runId}", text.Error);
        FailedWith(json, HourglassCli.OperationError);
        var error = json.Json.GetProperty("error");
        Assert.Equal("AlreadyStarted", error.GetProperty("kind").GetString());
        Assert.Equal(runId, error.GetProperty("existingRunId").GetString());
        Assert.Equal(6, error.GetProperty("grpcCode").GetInt32()); // ALREADY_EXISTS
    }

    [Fact]
    public async Task An_unknown_namespace_is_NamespaceNotFound()
    {
        var text = await Run("status", "order-1", "--namespace", "nowhere", "--api-key-file", _keyFile, "--no-tls");
        var json = await Run("history", "order-1", "--namespace", "nowhere", "--api-key-file", _keyFile, "--no-tls", "--json");

        FailedWith(text, HourglassCli.OperationError);
        Assert.StartsWith("hourglass: operation failed: NamespaceNotFound:", text.Error);
        Assert.Equal("NamespaceNotFound", json.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.All(Server.RequestsOf<DescribeWorkflowExecutionRequest>(), r => Assert.Equal("nowhere", r.Namespace));
    }

    [Fact]
    public async Task A_stopped_server_is_Unreachable()
    {
        var target = Server.Target;
        await Server.StopAsync();

        var text = await CliRun.Of("describe", "order-1", "--address", target);
        var json = await CliRun.Of("await", "order-1", "--address", target, "--timeout", "200ms", "--poll", "50ms", "--json");
        var ensure = await CliRun.Of("ensure-namespace", "billing", "--address", target, "--json");

        FailedWith(text, HourglassCli.OperationError);
        Assert.StartsWith("hourglass: operation failed: Unreachable:", text.Error);
        Assert.Contains(target, text.Error);
        // An await keeps polling through an unreachable server until its deadline.
        Assert.Equal("Timeout", json.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("Unreachable", ensure.Json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_api_key_reaches_the_server_as_a_bearer_token_and_is_never_printed()
    {
        var text = await Run("ensure-namespace", "billing", "--api-key-file", _keyFile, "--no-tls");
        var json = await Run("start", "OrderWorkflow", "order-1", "--api-key-file", _keyFile, "--no-tls", "--json");

        Succeeded(text);
        Succeeded(json);
        Assert.NotEmpty(Server.Requests);
        Assert.All(Server.Requests, r => Assert.Equal($"Bearer {ApiKey}", r.Headers["authorization"]));
        Assert.DoesNotContain(ApiKey, text.Everything);
        Assert.DoesNotContain(ApiKey, json.Everything);
    }

    [Fact]
    public async Task A_refused_api_key_fails_without_printing_it()
    {
        const string wrong = "wr0ng-key-7781";
        var wrongFile = KeyFile(wrong);

        var text = await Run("describe", "order-1", "--api-key-file", wrongFile, "--no-tls");
        var json = await Run("describe", "order-1", "--api-key-file", wrongFile, "--no-tls", "--json");
        File.Delete(wrongFile);
        var none = await Run("describe", "order-1", "--no-tls", "--json");

        FailedWith(text, HourglassCli.OperationError);
        Assert.StartsWith("hourglass: operation failed: ", text.Error);
        Assert.Contains("Unauthenticated", text.Error);
        FailedWith(json, HourglassCli.OperationError);
        Assert.False(string.IsNullOrEmpty(json.Json.GetProperty("error").GetProperty("kind").GetString()));
        FailedWith(none, HourglassCli.OperationError);
        Assert.DoesNotContain(wrong, text.Everything);
        Assert.DoesNotContain(wrong, json.Everything);
        Assert.Contains(Server.Requests, r => r.Headers.GetValueOrDefault("authorization") == $"Bearer {wrong}");
    }
}
