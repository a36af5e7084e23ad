using System.CommandLine;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Cluster;
using Hourglass.Configuration;
using Hourglass.Host.Cli;
using Hourglass.Host.Node;
using Hourglass.Protocol;

namespace Hourglass.Host.Operator;

/// <summary>
/// What every operator verb shares: the ClientBackendActor it asks and the defaults it shows. Without
/// <c>--via</c> that is a local <see cref="ActorSystem"/> running a <see cref="ClientBackendActor"/> on
/// the real backend, configured from the connection options (with <c>--codec-endpoint</c>, its
/// payload codec is that codec server: inputs are encoded, everything printed is decoded); with <c>--via &lt;address&gt;</c> it is a
/// running node's router, reached over Akka.Remote. Either is started on first use and stopped when
/// the context is disposed.
/// </summary>
internal sealed class OperatorContext : IAsyncDisposable
{
    private readonly Config? _config;
    private readonly ActorPath? _via;
    private readonly NodeTls? _viaTls;
    private ActorSystem? _system;
    private IActorRef? _hourglass;

    private OperatorContext(Config? config, ActorPath? via, HourglassSettings settings, string @namespace, NodeTls? viaTls = null)
    {
        _config = config;
        _via = via;
        _viaTls = viaTls;
        Settings = settings;
        Namespace = @namespace;
    }

    /// <summary>
    /// The settings the local ClientBackendActor runs with (environment variables resolved); with
    /// <c>--via</c>, the reference defaults (the node's own settings apply there).
    /// </summary>
    public HourglassSettings Settings { get; }

    /// <summary>
    /// The namespace of the handles the verbs make: <c>--namespace</c>, else the configured default;
    /// with <c>--via</c>, empty unless given, so the node's default namespace applies.
    /// </summary>
    public string Namespace { get; }

    /// <summary>True when the verbs run on a node named with <c>--via</c>.</summary>
    public bool RunsOnNode => _via is not null;

    /// <summary>True once the router was found (with <c>--via</c>: the node answered the identification).</summary>
    public bool Resolved => _hourglass is not null;

    /// <summary>The node's router with <c>--via</c>, else null.</summary>
    public ActorPath? Via => _via;

    /// <summary>The Temporal frontend the local backend connects to (without <c>--via</c>).</summary>
    public string TargetHost => Settings.Real.TargetHost;

    /// <summary>The task queue a start naming none gets; null with <c>--via</c>, where the node's default applies.</summary>
    public string? DefaultTaskQueue => RunsOnNode ? null : Settings.DefaultTaskQueue;

    /// <summary>The retention a registered namespace gets by default; null with <c>--via</c>, where the node's applies.</summary>
    public TimeSpan? NamespaceRetention => RunsOnNode ? null : Settings.Real.NamespaceRetention;

    /// <summary>
    /// How long a typed ask waits for its reply: enough for every attempt of a call, each with its
    /// connect and RPC timeouts and the longest backoff.
    /// </summary>
    public TimeSpan AskTimeout => StepBudget(Settings.Real);

    /// <summary>The CLI's own ActorSystem, once <see cref="HourglassAsync"/> has made it (for watches and streams).</summary>
    public ActorSystem System => _system ?? throw new InvalidOperationException("HourglassAsync has not been called");

    /// <summary>
    /// The ClientBackendActor the verbs ask, found or started on first use: a local one on the real
    /// backend, or, with <c>--via</c>, the running node's. The verbs only ever see this
    /// <see cref="IActorRef"/>. A node that cannot be found throws an <see cref="HourglassException"/>
    /// of kind <see cref="ErrorKind.Unreachable"/>.
    /// </summary>
    public async Task<IActorRef> HourglassAsync()
    {
        if (_hourglass is not null) return _hourglass;
        if (_via is null)
        {
            _system = ActorSystem.Create("hourglass-cli", _config!);
            return _hourglass = _system.StartHourglass();
        }
        _system = ViaNode.CreateSystem(_viaTls);
        return _hourglass = await ViaNode.ResolveAsync(_system, _via);
    }

    /// <summary>
    /// Reads the common options into Hourglass config and checks it, starting nothing. Throws
    /// <see cref="UsageException"/> for a malformed option (or connection options beside
    /// <c>--via</c>) and <see cref="ConfigurationException"/> (with the option named) for a setting
    /// Hourglass refuses, such as an unreadable TLS file.
    /// </summary>
    public static OperatorContext Create(ParseResult parse, OperatorOptions options)
    {
        if (parse.GetValue(options.Via) is { } via)
        {
            // The address is checked first, whichever scheme it names; which scheme is right, once node TLS is known.
            ViaNode.Target(via, tls: true);
            var conflicting = options.Temporal.ConnectionOptionsGiven(parse);
            if (conflicting.Count > 0)
            {
                throw new UsageException($"--via runs the command on a node, with the node's Temporal connection and payload codec: " +
                    $"{string.Join(", ", conflicting)} cannot go with it");
            }
            var tls = ViaTls(parse, options.NodeTls);
            return new OperatorContext(null, ViaNode.Target(via, tls is not null), new HourglassSettings(), parse.GetValue(options.Temporal.Namespace) ?? "", tls);
        }
        if (options.NodeTls.Given(parse) is { Count: > 0 } nodeTls)
            throw new UsageException($"{string.Join(", ", nodeTls)} {(nodeTls.Count == 1 ? "is" : "are")} for reaching a node: they go with --via");

        var hocon = new StringBuilder();
        hocon.AppendLine("hourglass.client-backend = real");
        hocon.AppendLine("hourglass.allow-overrides = off");
        // Akka's own diagnostics go to stderr, so stdout holds only the verb's output (one JSON document with --json).
        hocon.AppendLine($"akka.loggers = [{TemporalOptions.Quote(typeof(StderrLogger).AssemblyQualifiedName!)}]");
        hocon.AppendLine("akka.loglevel = WARNING");
        hocon.AppendLine("akka.stdout-loglevel = WARNING");
        hocon.AppendLine($"akka.stdout-logger-class = {TemporalOptions.Quote(typeof(CliStartupLogger).AssemblyQualifiedName!)}");
        options.Temporal.AppendHocon(hocon, parse);

        var config = ConfigurationFactory.ParseString(hocon.ToString()).WithFallback(HourglassConfig.Default());
        HourglassSettings settings;
        try
        {
            settings = HourglassSettings.Create(config);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException(TemporalOptions.NameOptions(e.Message));
        }

        // A status or await step waits for the backend as long as the backend may take for one call.
        config = ConfigurationFactory.ParseString($"hourglass.query-timeout = {Durations.Format(StepBudget(settings.Real))}")
            .WithFallback(config);
        return new OperatorContext(config, null, settings, settings.DefaultNamespace);
    }

    // Node TLS for --via: the options, else the HOURGLASS_NODE_TLS_* variables (as serve reads them).
    private static NodeTls? ViaTls(ParseResult parse, NodeTlsOptions options)
    {
        var hocon = new StringBuilder();
        NodeTlsOptions.AppendHocon(hocon, Environment.GetEnvironmentVariable);
        options.AppendHocon(hocon, parse);
        try
        {
            return NodeTls.FromConfig(ConfigurationFactory.ParseString(hocon.ToString()));
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException(NodeTlsOptions.NameOptions(e.Message));
        }
    }

    /// <summary>Terminates the actor system, when one was started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_system is not null) await _system.Terminate();
    }

    private static TimeSpan StepBudget(RealBackendSettings real)
    {
        var budget = real.RetryMaxAttempts * (real.ConnectTimeout + real.RpcTimeout + real.RetryMaxBackoff) + TimeSpan.FromSeconds(5);
        return budget > HourglassAskExtensions.DefaultAskTimeout ? budget : HourglassAskExtensions.DefaultAskTimeout;
    }
}
