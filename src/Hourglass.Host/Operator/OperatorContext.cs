using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Configuration;
using Hourglass.Host.Cli;

namespace Hourglass.Host.Operator;

/// <summary>
/// What every operator verb shares: the connection options turned into Hourglass config, and the
/// local <see cref="ActorSystem"/> running a <see cref="ClientBackendActor"/> on the real backend,
/// started on first use and terminated when the context is disposed.
/// </summary>
internal sealed class OperatorContext : IAsyncDisposable
{
    /// <summary>The options every operator verb takes.</summary>
    public static readonly IReadOnlyList<OptionSpec> CommonOptions =
    [
        new("address", "<host:port>", "Temporal frontend; else $TEMPORAL_ADDRESS, else localhost:7233"),
        new("namespace", "<ns>", "namespace; else $TEMPORAL_NAMESPACE, else default"),
        new("api-key", "<key>", "API key, sent as a bearer token (turns TLS on unless --no-tls); else $TEMPORAL_API_KEY"),
        new("tls", null, "use TLS"),
        new("no-tls", null, "do not use TLS, even with an API key"),
        new("tls-ca", "<file>", "PEM of the CA that signed the server's certificate (else the system's roots)"),
        new("tls-cert", "<file>", "PEM client certificate, for mutual TLS (with --tls-key)"),
        new("tls-key", "<file>", "PEM client private key, for mutual TLS"),
        new("tls-server-name", "<name>", "name to verify the server's certificate against"),
        new("rpc-timeout", "<duration>", "longest wait for one call to Temporal (default 10s)"),
        new("json", null, "print one JSON document on stdout, for scripts (errors too)"),
    ];

    // Command-line options and the config keys they set, to name the option in a configuration error.
    private static readonly (string Option, string Key)[] OptionKeys =
    [
        ("--address", "hourglass.real.target-host"),
        ("--namespace", "hourglass.default-namespace"),
        ("--tls-ca", "hourglass.real.tls.server-ca-cert-file"),
        ("--tls-cert", "hourglass.real.tls.client-cert-file"),
        ("--tls-key", "hourglass.real.tls.client-key-file"),
        ("--tls-server-name", "hourglass.real.tls.server-name"),
    ];

    private readonly Config _config;
    private ActorSystem? _system;
    private IActorRef? _hourglass;

    private OperatorContext(Config config, HourglassSettings settings)
    {
        _config = config;
        Settings = settings;
    }

    /// <summary>The settings the ClientBackendActor runs with (environment variables resolved).</summary>
    public HourglassSettings Settings { get; }

    /// <summary>
    /// How long a typed ask waits for its reply: enough for every attempt of a call, each with its
    /// connect and RPC timeouts and the longest backoff.
    /// </summary>
    public TimeSpan AskTimeout => StepBudget(Settings.Real);

    /// <summary>
    /// The ClientBackendActor the verbs ask. Today it is always a local one on the real backend,
    /// started here on first use.
    /// </summary>
    /// <remarks>
    /// <c>--via akka.tcp://…</c> (later work) would pick a running node's router here instead of
    /// starting one: the verbs only ever see this <see cref="IActorRef"/>.
    /// </remarks>
    public IActorRef Hourglass
    {
        get
        {
            if (_hourglass is not null) return _hourglass;
            _system = ActorSystem.Create("hourglass-cli", _config);
            return _hourglass = _system.StartHourglass();
        }
    }

    /// <summary>
    /// Reads the common options into Hourglass config and checks it, starting nothing. Throws
    /// <see cref="UsageException"/> for a malformed option and <see cref="ConfigurationException"/>
    /// (with the option named) for a setting Hourglass refuses, such as an unreadable TLS file.
    /// </summary>
    public static OperatorContext Create(ParsedArgs args)
    {
        if (args.Has("tls") && args.Has("no-tls")) throw new UsageException("--tls and --no-tls contradict each other");
        var rpcTimeout = Durations.Optional(args, "rpc-timeout");

        var hocon = new StringBuilder();
        hocon.AppendLine("hourglass.client-backend = real");
        hocon.AppendLine("hourglass.allow-overrides = off");
        // Akka's own diagnostics go to stderr, so stdout holds only the verb's output (one JSON document with --json).
        hocon.AppendLine($"akka.loggers = [{Quote(typeof(StderrLogger).AssemblyQualifiedName!)}]");
        hocon.AppendLine("akka.loglevel = WARNING");
        hocon.AppendLine("akka.stdout-loglevel = WARNING");
        // Only what was given is set: an empty key lets the library fall back to TEMPORAL_* variables.
        Set(hocon, "hourglass.real.target-host", args.Option("address"));
        Set(hocon, "hourglass.default-namespace", args.Option("namespace"));
        Set(hocon, "hourglass.real.api-key", args.Option("api-key"));
        Set(hocon, "hourglass.real.tls.server-ca-cert-file", args.Option("tls-ca"));
        Set(hocon, "hourglass.real.tls.client-cert-file", args.Option("tls-cert"));
        Set(hocon, "hourglass.real.tls.client-key-file", args.Option("tls-key"));
        Set(hocon, "hourglass.real.tls.server-name", args.Option("tls-server-name"));
        if (args.Has("tls")) hocon.AppendLine("hourglass.real.tls.mode = on");
        if (args.Has("no-tls")) hocon.AppendLine("hourglass.real.tls.mode = off");
        if (rpcTimeout is { } rpc) hocon.AppendLine($"hourglass.real.rpc-timeout = {Durations.Format(rpc)}");

        var config = ConfigurationFactory.ParseString(hocon.ToString()).WithFallback(HourglassConfig.Default());
        HourglassSettings settings;
        try
        {
            settings = HourglassSettings.Create(config);
        }
        catch (ConfigurationException e)
        {
            throw new ConfigurationException(NameOptions(e.Message));
        }

        // A status or await step waits for the backend as long as the backend may take for one call.
        config = ConfigurationFactory.ParseString($"hourglass.query-timeout = {Durations.Format(StepBudget(settings.Real))}")
            .WithFallback(config);
        return new OperatorContext(config, settings);
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

    private static void Set(StringBuilder hocon, string key, string? value)
    {
        if (value is not null) hocon.AppendLine($"{key} = {Quote(value)}");
    }

    // A JSON string literal is a HOCON quoted string: any value (paths, keys) goes in verbatim.
    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static string NameOptions(string message)
    {
        foreach (var (option, key) in OptionKeys)
            message = message.Replace(key, $"{option} ({key})", StringComparison.Ordinal);
        return message;
    }
}
