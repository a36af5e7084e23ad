using System.Text.Json;
using Hourglass.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Hourglass.Host.Node;

/// <summary>
/// <c>serve --health-port</c>: <c>GET /healthz</c> (liveness) and <c>GET /readyz</c> (readiness)
/// over HTTP on ASP.NET Core's Kestrel, each running the node's Hourglass checks of its tag
/// (<see cref="HourglassHealthChecks"/>): 200 when they pass, 503 when one fails, with a small JSON
/// body (<c>{"status":"Unhealthy","checks":[{"name":…,"status":…,"description":…}]}</c>). Started
/// before the node joins its cluster, so it says "not ready" while the node is not Up; it prints
/// <c>hourglass health at http://host:port (/healthz, /readyz)</c> once it listens.
/// </summary>
internal sealed class HealthEndpoint(HealthEndpointOptions options, HealthCheckService checks, TextWriter stdout) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address it listens on (with the port picked), once started.</summary>
    public string? Url { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // An empty builder: no appsettings, no ASPNETCORE_* variables, nothing but Kestrel and routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "hourglass-health" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(options.Address, options.Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.MapGet("/healthz", context => Report(context, HourglassHealthChecks.LiveTag));
        app.MapGet("/readyz", context => Report(context, HourglassHealthChecks.ReadyTag));
        await app.StartAsync(cancellationToken);
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Address}:{options.Port}";
        await stdout.WriteLineAsync($"hourglass health at {Url} (/healthz, /readyz)");
        await stdout.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app) await app.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app) await app.DisposeAsync();
        _app = null;
    }

    private async Task Report(HttpContext context, string tag)
    {
        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(tag), context.RequestAborted);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is { } description) json.WriteString("description", description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
