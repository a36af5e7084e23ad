using System.Net;
using System.Text.Json;
using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;

namespace Hourglass.Tests.Host;

/// <summary>
/// <c>serve --health-port</c>: <c>/healthz</c> and <c>/readyz</c> over real HTTP on loopback, on a
/// node whose real backend talks to the fake frontend, and on a mock node.
/// </summary>
public sealed class ServeHealthTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { Timeout = Patience };
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"hourglass-health-{Guid.NewGuid():N}.conf");

    public Task InitializeAsync()
    {
        // Probe Temporal on every check, so the check after a stop is the one that fails.
        File.WriteAllText(_config, "hourglass.health { temporal-fresh-for = 0s, probe-timeout = 5s }\n");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        File.Delete(_config);
        return Task.CompletedTask;
    }

    private static async Task<Uri> HealthUrl(RunningNode node)
    {
        var line = await node.Output.WaitForLineAsync(l => l.StartsWith("hourglass health at http://", StringComparison.Ordinal), Patience);
        Assert.Matches(@"^hourglass health at http://127\.0\.0\.1:\d+ \(/healthz, /readyz\)$", line);
        return new Uri(line["hourglass health at ".Length..line.IndexOf(' ', "hourglass health at ".Length)]);
    }

    private async Task<(HttpStatusCode Code, JsonElement Body)> Get(Uri root, string path)
    {
        using var response = await _http.GetAsync(new Uri(root, path));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    private static string Description(JsonElement body) => body.GetProperty("checks")[0].GetProperty("description").GetString() ?? "";

    [Fact]
    public async Task Readyz_answers_503_while_the_fake_frontend_is_stopped_and_200_again_after_and_healthz_stays_200()
    {
        await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(["default"]) });
        await using var node = await RunningNode.StartAsync("--address", server.Target, "--health-port", "0", "--config", _config);
        var root = await HealthUrl(node);

        var live = await Get(root, "/healthz");
        var ready = await Get(root, "/readyz");
        Assert.Equal(HttpStatusCode.OK, live.Code);
        Assert.Equal(("Healthy", "hourglass-live"), (live.Body.GetProperty("status").GetString(), live.Body.GetProperty("checks")[0].GetProperty("name").GetString()));
        Assert.True(ready.Code == HttpStatusCode.OK, ready.Body.ToString());
        Assert.Contains("is Up", Description(ready.Body));
        Assert.Contains($"Temporal at {server.Target} answered", Description(ready.Body));

        await server.StopAsync();
        var stopped = await Get(root, "/readyz");
        Assert.True(stopped.Code == HttpStatusCode.ServiceUnavailable, stopped.Body.ToString());
        Assert.Equal("Unhealthy", stopped.Body.GetProperty("status").GetString());
        Assert.Contains($"Temporal at {server.Target} does not answer", Description(stopped.Body));
        Assert.Equal(HttpStatusCode.OK, (await Get(root, "/healthz")).Code);

        await server.RestartAsync();
        var back = await Get(root, "/readyz");
        Assert.True(back.Code == HttpStatusCode.OK, back.Body.ToString());
    }

    [Fact]
    public async Task A_mock_node_is_ready_once_Up_and_unknown_paths_are_404()
    {
        await using var node = await RunningNode.StartAsync("--mock", "--health-port", "0");
        var root = await HealthUrl(node);

        var ready = await Get(root, "/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Contains("mock backend", Description(ready.Body));
        using var missing = await _http.GetAsync(new Uri(root, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_bad_health_port_is_a_usage_error()
    {
        var run = await CliRun.Of("serve", "--mock", "--health-port", "70000");

        Assert.Equal(2, run.Code);
        Assert.Contains("--health-port 70000 is not a port", run.Error);
    }
}
