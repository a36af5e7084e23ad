using Hourglass.Host.Node;

namespace Hourglass.Tests.Host;

/// <summary>
/// <c>serve</c>'s OpenTelemetry export: off by default, OTLP when the standard endpoint variable is
/// set, the console with <c>--otel-console</c> — there a node prints the spans and metrics of the
/// operations it serves.
/// </summary>
public sealed class ServeTelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Nothing_is_exported_unless_asked()
    {
        Assert.False(TelemetryExport.From(false, Environment()).Any);
        Assert.False(TelemetryExport.From(false, Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", " "))).Any);
    }

    [Fact]
    public void Otlp_is_on_when_an_otlp_endpoint_variable_is_set_and_the_console_with_the_flag()
    {
        Assert.Equal((true, false), Pair(TelemetryExport.From(false, Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")))));
        Assert.Equal((true, false), Pair(TelemetryExport.From(false, Environment(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces")))));
        Assert.Equal((false, true), Pair(TelemetryExport.From(true, Environment())));
        Assert.False(TelemetryExport.From(true, Environment(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"), ("OTEL_SDK_DISABLED", "true"))).Any);
    }

    [Fact]
    public void The_service_is_named_hourglass_unless_the_environment_names_it()
    {
        Assert.False(TelemetryExport.From(true, Environment()).NamedService);
        Assert.True(TelemetryExport.From(true, Environment(("OTEL_SERVICE_NAME", "billing-node"))).NamedService);
        Assert.True(TelemetryExport.From(true, Environment(("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod, service.name=b"))).NamedService);
    }

    [Fact]
    public async Task A_node_with_the_console_exporter_prints_the_span_and_the_metrics_of_an_operation_it_served()
    {
        await using var node = await NodeProcess.StartAsync(new Dictionary<string, string> { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" },
            "--mock", "--otel-console");

        var start = await CliRun.Of("start", "OrderWorkflow", "otel-1", "--via", node.Address);

        Assert.True(start.Code == 0, start.ToString());
        await node.Output.WaitForLineAsync(l => l.Contains("hourglass StartWorkflow", StringComparison.Ordinal), Patience);
        await node.Output.WaitForLineAsync(l => l.Contains("temporalWorkflowID: otel-1", StringComparison.Ordinal), Patience);
        await node.Output.WaitForLineAsync(l => l.Contains("hourglass.operations", StringComparison.Ordinal), Patience);
        await node.Output.WaitForLineAsync(l => l.Contains("hourglass.operation.duration", StringComparison.Ordinal), Patience);
    }

    private static (bool Otlp, bool Console) Pair(TelemetryExport export) => (export.Otlp, export.Console);
}
