using System.CommandLine;
using System.Text;
using System.Text.Json;
using Hourglass.Host.Cli;

namespace Hourglass.Host.Operator;

/// <summary>
/// The command-line options that say which Temporal to talk to and how (<c>--address</c>,
/// <c>-n</c> / <c>--namespace</c>, <c>--api-key</c> or <c>--api-key-file</c>, TLS, <c>--rpc-timeout</c>,
/// the codec server of <c>--codec-endpoint</c>), shared by the operator verbs and <c>serve</c>, and the
/// Hourglass config keys they set. The names are the Temporal CLI's (its <c>--tls-ca-path</c> style
/// is taken too).
/// </summary>
internal sealed class TemporalOptions
{
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

    /// <summary>Makes the options (each command line gets its own).</summary>
    public TemporalOptions()
    {
        Connection =
        [
            Address, ApiKey, ApiKeyFile, Tls, NoTls, TlsCa, TlsCert, TlsKey, TlsServerName, RpcTimeout, CodecEndpoint, CodecAuth,
        ];
        All = [Address, Namespace, .. Connection.Skip(1)];
    }

    /// <summary>The namespace option: not a connection setting, so it is also allowed with <c>--via</c>.</summary>
    public Option<string> Namespace { get; } = CliOptions.Text("--namespace", "ns", "namespace; else $TEMPORAL_NAMESPACE, else default", "-n");

    /// <summary><c>--address</c>.</summary>
    public Option<string> Address { get; } = CliOptions.Text("--address", "host:port", "Temporal frontend; else $TEMPORAL_ADDRESS, else localhost:7233");

    /// <summary><c>--api-key</c>: a secret, never echoed.</summary>
    public Option<string> ApiKey { get; } = CliOptions.Text("--api-key", "key",
        "API key, sent as a bearer token (turns TLS on unless --no-tls); other users see it in ps: prefer --api-key-file or $TEMPORAL_API_KEY");

    /// <summary><c>--api-key-file</c>.</summary>
    public Option<string> ApiKeyFile { get; } = CliOptions.Text("--api-key-file", "file", "file holding the API key alone, instead of --api-key; else $TEMPORAL_API_KEY");

    /// <summary><c>--tls</c>.</summary>
    public Option<bool> Tls { get; } = CliOptions.Flag("--tls", "use TLS");

    /// <summary><c>--no-tls</c>.</summary>
    public Option<bool> NoTls { get; } = CliOptions.Flag("--no-tls", "do not use TLS, even with an API key");

    /// <summary><c>--tls-ca</c>.</summary>
    public Option<string> TlsCa { get; } = CliOptions.Text("--tls-ca", "file", "PEM of the CA that signed the server's certificate (else the system's roots)", "--tls-ca-path");

    /// <summary><c>--tls-cert</c>.</summary>
    public Option<string> TlsCert { get; } = CliOptions.Text("--tls-cert", "file", "PEM client certificate, for mutual TLS (with --tls-key)", "--tls-cert-path");

    /// <summary><c>--tls-key</c>.</summary>
    public Option<string> TlsKey { get; } = CliOptions.Text("--tls-key", "file", "PEM client private key, for mutual TLS", "--tls-key-path");

    /// <summary><c>--tls-server-name</c>.</summary>
    public Option<string> TlsServerName { get; } = CliOptions.Text("--tls-server-name", "name", "name to verify the server's certificate against");

    /// <summary><c>--rpc-timeout</c>.</summary>
    public Option<TimeSpan?> RpcTimeout { get; } = CliOptions.Duration("--rpc-timeout", "longest wait for one call to Temporal (default 10s)");

    /// <summary><c>--codec-endpoint</c>.</summary>
    public Option<string> CodecEndpoint { get; } = CliOptions.Text("--codec-endpoint", "url",
        "codec server that encodes inputs and decodes payloads (POST <url>/encode, /decode; {namespace} is replaced)");

    /// <summary><c>--codec-auth</c>.</summary>
    public Option<string> CodecAuth { get; } = CliOptions.Text("--codec-auth", "value", "Authorization header sent to the codec server");

    /// <summary>Where and how to connect; none of these goes with <c>--via</c>, which uses the node's connection.</summary>
    public IReadOnlyList<Option> Connection { get; }

    /// <summary>Every option of this kind, in the order help shows them.</summary>
    public IReadOnlyList<Option> All { get; }

    /// <summary>
    /// Appends the HOCON for the options given; only what was given is set, so an option left out
    /// falls back to config and then to the library's <c>TEMPORAL_*</c> environment variables.
    /// </summary>
    public void AppendHocon(StringBuilder hocon, ParseResult parse)
    {
        var tls = parse.GetValue(Tls);
        var noTls = parse.GetValue(NoTls);
        var apiKey = parse.GetValue(ApiKey);
        var apiKeyFile = parse.GetValue(ApiKeyFile);
        if (tls && noTls) throw new UsageException("--tls and --no-tls contradict each other");
        if (apiKey is not null && apiKeyFile is not null) throw new UsageException("--api-key and --api-key-file: give one of them");

        Set(hocon, "hourglass.real.target-host", parse.GetValue(Address));
        Set(hocon, "hourglass.default-namespace", parse.GetValue(Namespace));
        // The one given wins over what a lower layer (a --config file, host.conf) says of the other.
        Set(hocon, "hourglass.real.api-key", apiKey ?? (apiKeyFile is null ? null : ""));
        Set(hocon, "hourglass.real.api-key-file", apiKeyFile ?? (apiKey is null ? null : ""));
        Set(hocon, "hourglass.real.tls.server-ca-cert-file", parse.GetValue(TlsCa));
        Set(hocon, "hourglass.real.tls.client-cert-file", parse.GetValue(TlsCert));
        Set(hocon, "hourglass.real.tls.client-key-file", parse.GetValue(TlsKey));
        Set(hocon, "hourglass.real.tls.server-name", parse.GetValue(TlsServerName));
        if (tls) hocon.AppendLine("hourglass.real.tls.mode = on");
        if (noTls) hocon.AppendLine("hourglass.real.tls.mode = off");
        if (parse.GetValue(RpcTimeout) is { } rpc) hocon.AppendLine($"hourglass.real.rpc-timeout = {Durations.Format(rpc)}");
        Set(hocon, "hourglass.payload.codec-endpoint", parse.GetValue(CodecEndpoint));
        Set(hocon, "hourglass.payload.codec-auth", parse.GetValue(CodecAuth));
    }

    /// <summary>The connection options given on this command line, by name (<c>--address</c>…).</summary>
    public IReadOnlyList<string> ConnectionOptionsGiven(ParseResult parse) =>
        Connection.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

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
