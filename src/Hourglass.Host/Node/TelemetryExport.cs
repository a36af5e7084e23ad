using Hourglass.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hourglass.Host.Node;

/// <summary>
/// How <c>serve</c> exports Hourglass's spans and metrics (<see cref="HourglassTelemetry.Name"/>)
/// with OpenTelemetry — off unless asked:
/// <list type="bullet">
/// <item>OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> /
/// <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c>) is set; the exporter itself reads every other standard
/// variable (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>_TIMEOUT</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>, …).</item>
/// <item>the console (stdout) with <c>--otel-console</c>.</item>
/// </list>
/// <c>OTEL_SDK_DISABLED=true</c> switches both off. The service is named <c>hourglass</c> unless
/// <c>OTEL_SERVICE_NAME</c> (or <c>service.name</c> in <c>OTEL_RESOURCE_ATTRIBUTES</c>) names it.
/// </summary>
/// <param name="Otlp">Export over OTLP.</param>
/// <param name="Console">Print to stdout.</param>
/// <param name="NamedService">True when the environment names the service itself.</param>
internal sealed record TelemetryExport(bool Otlp, bool Console, bool NamedService)
{
    private static readonly string[] OtlpEndpoints =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    /// <summary>True when anything is exported.</summary>
    public bool Any => Otlp || Console;

    /// <summary>What to export, from <c>--otel-console</c> and the environment.</summary>
    public static TelemetryExport From(bool consoleFlag, Func<string, string?> environment)
    {
        if (string.Equals(environment("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            return new TelemetryExport(false, false, false);
        var otlp = OtlpEndpoints.Any(v => !string.IsNullOrWhiteSpace(environment(v)));
        var named = !string.IsNullOrWhiteSpace(environment("OTEL_SERVICE_NAME"))
            || (environment("OTEL_RESOURCE_ATTRIBUTES") ?? "").Split(',').Any(a => a.Trim().StartsWith("service.name=", StringComparison.Ordinal));
        return new TelemetryExport(otlp, consoleFlag, named);
    }

    /// <summary>Registers OpenTelemetry's providers for the Hourglass source and meter, with the exporters chosen.</summary>
    public void AddTo(IServiceCollection services)
    {
        if (!Any) return;
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!NamedService) resource.AddService("hourglass", serviceVersion: HourglassTelemetry.Version);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(HourglassTelemetry.Name);
                if (Otlp) tracing.AddOtlpExporter();
                if (Console) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HourglassTelemetry.Name);
                if (Otlp) metrics.AddOtlpExporter();
                if (Console) metrics.AddConsoleExporter();
            });
    }
}
