using System.Text;
using System.Text.Json;
using Hourglass.Host.Cli;

namespace Hourglass.Host.Operator;

/// <summary>
/// The command-line options that say which Temporal to talk to and how (<c>--address</c>,
/// <c>--namespace</c>, <c>--api-key</c> or <c>--api-key-file</c>, TLS, <c>--rpc-timeout</c>, the codec
/// server of <c>--codec-endpoint</c>), shared by the operator verbs and <c>serve</c>, and the
/// Hourglass config keys they set.
/// </summary>
internal static class TemporalOptions
{
    /// <summary>The namespace option: not a connection setting, so it is also allowed with <c>--via</c>.</summary>
    public static readonly OptionSpec Namespace = new("namespace", "<ns>", "namespace; else $TEMPORAL_NAMESPACE, else default");

    /// <summary>Where and how to connect; none of these goes with <c>--via</c>, which uses the node's connection.</summary>
    public static readonly IReadOnlyList<OptionSpec> Connection =
    [
        new("address", "<host:port>", "Temporal frontend; else $TEMPORAL_ADDRESS, else localhost:7233"),
        new("api-key", "<key>", "API key, sent as a bearer token (turns TLS on unless --no-tls); other users see it in ps: prefer --api-key-file or $TEMPORAL_API_KEY"),
        new("api-key-file", "<file>", "file holding the API key alone, instead of --api-key; else $TEMPORAL_API_KEY"),
        new("tls", null, "use TLS"),
        new("no-tls", null, "do not use TLS, even with an API key"),
        new("tls-ca", "<file>", "PEM of the CA that signed the server's certificate (else the system's roots)"),
        new("tls-cert", "<file>", "PEM client certificate, for mutual TLS (with --tls-key)"),
        new("tls-key", "<file>", "PEM client private key, for mutual TLS"),
        new("tls-server-name", "<name>", "name to verify the server's certificate against"),
        new("rpc-timeout", "<duration>", "longest wait for one call to Temporal (default 10s)"),
        new("codec-endpoint", "<url>", "codec server that encodes inputs and decodes payloads (POST <url>/encode, /decode; {namespace} is replaced)"),
        new("codec-auth", "<value>", "Authorization header sent to the codec server"),
    ];

    /// <summary>Every option of this kind, in the order help shows them.</summary>
    public static readonly IReadOnlyList<OptionSpec> All = [Connection[0], Namespace, .. Connection.Skip(1)];

    // Command-line options and the config keys they set, to name the option in a configuration error.
    private static readonly (string Option, string Key)[] OptionKeys =
    [
        ("--address", "hourglass.real.target-host"),
        ("--namespace", "hourglass.default-namespace"),
        ("--api-key-file", "hourglass.real.api-key-file"),
        ("--tls-ca", "hourglass.real.tls.server-ca-cert-file"),
        ("--tls-cert", "hourglass.real.tls.client-cert-file"),
        ("--tls-key", "hourglass.real.tls.client-key-file"),
        ("--tls-server-name", "hourglass.real.tls.server-name"),
        ("--codec-endpoint", "hourglass.payload.codec-endpoint"),
        ("--codec-auth", "hourglass.payload.codec-auth"),
    ];

    /// <summary>
    /// Appends the HOCON for the options given; only what was given is set, so an option left out
    /// falls back to config and then to the library's <c>TEMPORAL_*</c> environment variables.
    /// </summary>
    public static void AppendHocon(StringBuilder hocon, ParsedArgs args)
    {
        if (args.Has("tls") && args.Has("no-tls")) throw new UsageException("--tls and --no-tls contradict each other");
        if (args.Option("api-key") is not null && args.Option("api-key-file") is not null)
            throw new UsageException("--api-key and --api-key-file: give one of them");
        var rpcTimeout = Durations.Optional(args, "rpc-timeout");

        Set(hocon, "hourglass.real.target-host", args.Option("address"));
        Set(hocon, "hourglass.default-namespace", args.Option("namespace"));
        // The one given wins over what a lower layer (a --config file, host.conf) says of the other.
        Set(hocon, "hourglass.real.api-key", args.Option("api-key") ?? (args.Option("api-key-file") is null ? null : ""));
        Set(hocon, "hourglass.real.api-key-file", args.Option("api-key-file") ?? (args.Option("api-key") is null ? null : ""));
        Set(hocon, "hourglass.real.tls.server-ca-cert-file", args.Option("tls-ca"));
        Set(hocon, "hourglass.real.tls.client-cert-file", args.Option("tls-cert"));
        Set(hocon, "hourglass.real.tls.client-key-file", args.Option("tls-key"));
        Set(hocon, "hourglass.real.tls.server-name", args.Option("tls-server-name"));
        if (args.Has("tls")) hocon.AppendLine("hourglass.real.tls.mode = on");
        if (args.Has("no-tls")) hocon.AppendLine("hourglass.real.tls.mode = off");
        if (rpcTimeout is { } rpc) hocon.AppendLine($"hourglass.real.rpc-timeout = {Durations.Format(rpc)}");
        Set(hocon, "hourglass.payload.codec-endpoint", args.Option("codec-endpoint"));
        Set(hocon, "hourglass.payload.codec-auth", args.Option("codec-auth"));
    }

    /// <summary>The connection options given on this command line, as written (<c>--address</c>…).</summary>
    public static IReadOnlyList<string> ConnectionOptionsGiven(ParsedArgs args) =>
        Connection.Where(o => o.IsFlag ? args.Has(o.Name) : args.Option(o.Name) is not null).Select(o => "--" + o.Name).ToList();

    /// <summary>A configuration error's message with each config key named after the option that set it.</summary>
    public static string NameOptions(string message)
    {
        foreach (var (option, key) in OptionKeys)
            message = message.Replace(key, $"{option} ({key})", StringComparison.Ordinal);
        return message;
    }

    /// <summary>Appends <c>key = "value"</c> when the value was given.</summary>
    public static void Set(StringBuilder hocon, string key, string? value)
    {
        if (value is not null) hocon.AppendLine($"{key} = {Quote(value)}");
    }

    /// <summary>A HOCON quoted string: a JSON string literal is one, so any value (paths, keys) goes in verbatim.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value);
}
