using System.CommandLine;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Hourglass.Cluster;
using Hourglass.Configuration;
using Hourglass.Health;
using Hourglass.Hosting;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Hourglass.Host.Node;

/// <summary>
/// <c>serve</c>: runs a Hourglass node, a Generic Host with an Akka.Cluster member whose
/// <see cref="ClientBackendActor"/> lives at <c>/user/hourglass</c>, until the host is stopped
/// (Ctrl+C, SIGTERM, or the caller's token). Stopping runs Akka's CoordinatedShutdown: the router
/// stops taking operations and lets those in flight finish, then the node leaves the cluster.
/// </summary>
/// <remarks>
/// Stdout gets one line when the member is Up (<c>hourglass node up at akka.tcp://hourglass@host:port
/// (roles: …)</c>) and one when the node has stopped; the log (Akka's included, through
/// Microsoft.Extensions.Logging) goes to stderr. Exit codes: 0 after a requested stop, 1 when the
/// node failed to start or was downed by the cluster, 2 for a wrong command line or configuration.
/// </remarks>
internal sealed class ServeCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "serve";

    /// <summary>What it does, for help.</summary>
    public const string Summary = """
        Run a Hourglass node: an Akka.Cluster member (role hourglass) with the ClientBackendActor at
        /user/hourglass on the real backend, ensuring the namespace at start. Prints
        "hourglass node up at <address>" once the member is Up; Ctrl+C or SIGTERM leaves the cluster
        after the operations in flight are answered. Settings, lowest precedence first: host.conf,
        HOURGLASS_* variables, --config, options (see the README).
        """;

    /// <summary>Makes the options (each command line gets its own).</summary>
    public ServeCommand()
    {
        NodeOptions = [Hostname, PublicHostname, Port, SeedNodes, Roles, ConfigFile, Mock, HealthPort, OtelConsole, .. NodeTls.All];
        Options = [.. NodeOptions, .. Temporal.All];
    }

    /// <summary><c>--hostname</c>.</summary>
    public Option<string> Hostname { get; } = CliOptions.Text("--hostname", "host",
        "address to listen on (default 127.0.0.1; 0.0.0.0 for every interface); $HOURGLASS_HOSTNAME");

    /// <summary><c>--public-hostname</c>.</summary>
    public Option<string> PublicHostname { get; } = CliOptions.Text("--public-hostname", "host",
        "name other nodes reach this one by (default: the hostname); $HOURGLASS_PUBLIC_HOSTNAME");

    /// <summary><c>--port</c>.</summary>
    public Option<string> Port { get; } = CliOptions.Text("--port", "port", "port to listen on (default 4053; 0 picks a free one); $HOURGLASS_PORT", "-p");

    /// <summary><c>--seed-nodes</c>.</summary>
    public Option<string> SeedNodes { get; } = CliOptions.Text("--seed-nodes", "a,b",
        "nodes to join, host:port or akka.tcp://hourglass@host:port (default none: a cluster of its own); $HOURGLASS_SEED_NODES");

    /// <summary><c>--role</c>, repeatable.</summary>
    public Option<string[]> Roles { get; } = CliOptions.Many("--role", "role",
        "another cluster role, besides hourglass (repeat for more); $HOURGLASS_ROLES, comma-separated");

    /// <summary><c>--config</c>.</summary>
    public Option<string> ConfigFile { get; } = CliOptions.Text("--config", "file", "extra HOCON, over host.conf and the variables, under the options");

    /// <summary><c>--mock</c>.</summary>
    public Option<bool> Mock { get; } = CliOptions.Flag("--mock", "serve from the in-memory mock backend, for trying things (never in production)");

    /// <summary><c>--health-port</c>.</summary>
    public Option<string> HealthPort { get; } = CliOptions.Text("--health-port", "port",
        "serve /healthz and /readyz over HTTP on this port at the hostname (0 picks one, printed); $HOURGLASS_HEALTH_PORT");

    /// <summary><c>--otel-console</c>.</summary>
    public Option<bool> OtelConsole { get; } = CliOptions.Flag("--otel-console",
        "print spans and metrics to stdout (OpenTelemetry); OTLP export is on when $OTEL_EXPORTER_OTLP_ENDPOINT is set");

    /// <summary>Node TLS.</summary>
    public NodeTlsOptions NodeTls { get; } = new();

    /// <summary>The Temporal connection, as the operator verbs take it.</summary>
    public TemporalOptions Temporal { get; } = new();

    /// <summary>The node's own options (the Temporal ones come on top).</summary>
    public IReadOnlyList<Option> NodeOptions { get; }

    /// <summary>Every option <c>serve</c> takes.</summary>
    public IReadOnlyList<Option> Options { get; }

    /// <summary>
    /// Runs the node until <paramref name="stop"/> is canceled or the host is stopped otherwise;
    /// returns the exit code.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken stop)
    {
        Config config;
        HourglassSettings settings;
        NodeSettings node;
        HealthEndpointOptions? health;
        try
        {
            config = NodeConfig.Build(parse, this, environment);
            settings = HourglassSettings.Create(config);
            node = NodeSettings.Create(config, settings);
            HealthSettings.Create(config);
            health = HealthEndpointOptions.From(parse.GetValue(HealthPort), environment, config);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException(NodeTlsOptions.NameOptions(TemporalOptions.NameOptions(e.Message)));
        }

        var state = new NodeState();
        var export = TelemetryExport.From(parse.GetValue(OtelConsole), environment);
        using var host = BuildHost(config, settings, node, state, stdout, stderr, health, export);
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hourglass.Host.Node");
        if (settings.ClientBackend == BackendKind.Mock)
            log.LogWarning("Serving from the in-memory mock backend (--mock): nothing reaches Temporal; never use this in production");

        try
        {
            await host.StartAsync(stop);
            // Until Ctrl+C, SIGTERM, the token, or the ActorSystem's own end; then the host stops (CoordinatedShutdown).
            await host.WaitForShutdownAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped while starting: what did start is stopped below.
            await StopQuietlyAsync(host, log);
        }
        catch (Exception e)
        {
            log.LogCritical(e, "The node failed");
            await StopQuietlyAsync(host, log);
            return OperatorOutput.OperationError;
        }

        if (state.Address is not { } address)
        {
            log.LogError("The node stopped before it was Up in a cluster");
            return OperatorOutput.OperationError;
        }
        var reason = state.System is { } system ? CoordinatedShutdown.Get(system).ShutdownReason : null;
        await stdout.WriteLineAsync($"hourglass node at {address} stopped");
        await stdout.FlushAsync();
        if (reason is CoordinatedShutdown.ClusterDowningReason)
        {
            log.LogError("The node was downed by the cluster");
            return OperatorOutput.OperationError;
        }
        if (reason is { ExitCode: > 0 })
        {
            // For instance Hourglass's router could not be made again: a supervisor should restart the process.
            log.LogError("The node shut itself down ({Reason})", reason.GetType().Name);
            return OperatorOutput.OperationError;
        }
        return OperatorOutput.Success;
    }

    private static async Task StopQuietlyAsync(IHost host, ILogger log)
    {
        try
        {
            await host.StopAsync();
        }
        catch (Exception e)
        {
            log.LogDebug(e, "Stopping what had started failed too");
        }
    }

    private static IHost BuildHost(Config config, HourglassSettings settings, NodeSettings node, NodeState state,
        TextWriter stdout, TextWriter stderr, HealthEndpointOptions? health, TelemetryExport export)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = "hourglass",
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.Logging.ClearProviders();
        if (ReferenceEquals(stderr, Console.Error))
        {
            // The process's own console: Microsoft's console logger, every level on stderr (stdout is for the node's lines).
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            builder.Logging.AddProvider(new WriterLoggerProvider(stderr));
        }

        // Akka.Remote logs every connection's coming and going at Information (a line per --via call):
        // the node keeps its warnings and errors. The host's own start-up banner says less than the node's line.
        builder.Logging.AddFilter("Akka.Remote", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(node);
        // Checked when the config was built; made again here for its certificate, which Akka takes as a setup.
        var tls = Hourglass.Cluster.NodeTls.FromConfig(config);
        builder.Services.AddAkka(NodeConfig.SystemName, (akka, services) =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend);
            if (tls is not null) akka.AddSetup(tls.Setup);
            akka.AddSetup(new LoggerFactorySetup(services.GetRequiredService<ILoggerFactory>()));
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = AkkaLevel(config.GetString("akka.loglevel", "INFO"));
                loggers.ClearLoggers();
                // Each event once, with the host logger's timestamp only, under the class that logged it.
                loggers.AddLogger<NodeLogger>();
            });
            akka.WithHourglass();
            akka.AddStartup((system, _) => Join(system, config, state, stdout));
        });
        builder.Services.AddHostedService<NamespaceEnsurer>();
        builder.Services.AddHealthChecks().AddHourglass();
        if (health is not null)
            builder.Services.AddHostedService(services => new HealthEndpoint(health, services.GetRequiredService<HealthCheckService>(), stdout));
        export.AddTo(builder.Services);
        return builder.Build();
    }

    // Joins the cluster (the seed nodes, or itself when there are none) and prints the node's line once it is Up.
    private static void Join(ActorSystem system, Config config, NodeState state, TextWriter stdout)
    {
        state.System = system;
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.RegisterOnMemberUp(() =>
        {
            state.Address = cluster.SelfAddress;
            var roles = string.Join(", ", cluster.SelfRoles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)));
            stdout.WriteLine($"hourglass node up at {cluster.SelfAddress} (roles: {roles})");
            stdout.Flush();
        });
        if (NodeConfig.SeedNodes(config).Count == 0) cluster.Join(cluster.SelfAddress);
    }

    private static AkkaLogLevel AkkaLevel(string level) => level.Trim().ToUpperInvariant() switch
    {
        "DEBUG" => AkkaLogLevel.DebugLevel,
        "WARNING" or "WARN" => AkkaLogLevel.WarningLevel,
        "ERROR" or "OFF" => AkkaLogLevel.ErrorLevel,
        _ => AkkaLogLevel.InfoLevel,
    };

    /// <summary>What the node's start-up learnt, for the exit code.</summary>
    private sealed class NodeState
    {
        public volatile ActorSystem? System;
        public volatile Address? Address;
    }
}
