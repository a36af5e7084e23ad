using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Cluster;
using Hourglass.Configuration;
using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Host.Node;

/// <summary>
/// The config a node runs with, in layers, lowest precedence first: <c>host.conf</c> (the production
/// profile beside the executable), the <c>HOURGLASS_*</c> environment variables, the <c>--config</c>
/// file, the other command-line options; the reference config fills the rest. The library's
/// <c>TEMPORAL_*</c> variables fill what all of these leave empty, as everywhere in Hourglass.
/// </summary>
internal static class NodeConfig
{
    /// <summary>The ActorSystem's name; every node of one cluster has it.</summary>
    public const string SystemName = "hourglass";

    /// <summary>The role every node carries, the one <see cref="HourglassClusterRouter"/> looks for.</summary>
    public const string Role = HourglassClusterRouter.DefaultRole;

    /// <summary>Largest message between nodes (and to the CLI's <c>--via</c> system): 8 MiB, for long histories.</summary>
    public const string MaximumFrameSize = "8388608b";

    /// <summary>The profile's file name, copied beside the executable.</summary>
    public const string ProfileFile = "host.conf";

    private const string Tcp = "akka.remote.dot-netty.tcp";

    /// <summary>
    /// Builds the node's config. Throws <see cref="UsageException"/> for a malformed option and
    /// <see cref="ConfigurationException"/> for a malformed variable or an unreadable file.
    /// </summary>
    /// <param name="parse">The parsed command line of <c>serve</c>.</param>
    /// <param name="serve">Its options.</param>
    /// <param name="environment">Looks an environment variable up (tests pass their own).</param>
    public static Config Build(ParseResult parse, ServeCommand serve, Func<string, string?> environment)
    {
        var profile = ReadFile(Path.Combine(AppContext.BaseDirectory, ProfileFile), "the node profile");
        var fromEnvironment = ParseLayer(FromEnvironment(environment));
        var file = parse.GetValue(serve.ConfigFile) is { } path ? ReadFile(path, "--config") : null;
        var fromOptions = ParseLayer(FromOptions(parse, serve));
        var layered = Over(fromOptions, Over(file, Over(fromEnvironment, profile)));
        var tls = NodeTls.FromConfig(layered);

        // Roles add up: the Hourglass role always, those of the config files, the variable's and the options'.
        var roles = new[] { Role }
            .Concat(layered.GetStringList("akka.cluster.roles", []))
            .Concat(List(environment("HOURGLASS_ROLES")))
            .Concat((parse.GetValue(serve.Roles) ?? []).SelectMany(List))
            .Distinct(StringComparer.Ordinal);
        var final = new StringBuilder();
        final.AppendLine($"akka.cluster.roles = [{string.Join(", ", roles.Select(TemporalOptions.Quote))}]");

        // With node TLS the seeds are reached over TLS, whatever scheme they were written with; without it none can be.
        var seeds = SeedNodes(layered);
        if (tls is not null && seeds.Count > 0)
            final.AppendLine($"akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(s => TemporalOptions.Quote(WithScheme(s, tls: true))))}]");
        if (tls is null && seeds.FirstOrDefault(s => s.StartsWith(TlsScheme, StringComparison.Ordinal)) is { } tlsSeed)
            throw new ConfigurationException($"akka.cluster.seed-nodes: {tlsSeed} is reached over TLS, but this node has no node TLS " +
                "(hourglass.node-tls: --node-tls-cert, --node-tls-key, --node-tls-ca)");

        // Listening on every interface, the node must still give the others a name to reach it by.
        var hostname = layered.GetString($"{Tcp}.hostname", "");
        if (IsWildcard(hostname) && string.IsNullOrWhiteSpace(layered.GetString($"{Tcp}.public-hostname", "")))
            TemporalOptions.Set(final, $"{Tcp}.public-hostname", Dns.GetHostName());

        // What Akka logs before its loggers start and after they stop goes to stderr too.
        TemporalOptions.Set(final, "akka.stdout-logger-class", typeof(StderrStartupLogger).AssemblyQualifiedName!);
        var config = ConfigurationFactory.ParseString(final.ToString());
        // Node TLS given is node TLS on, over whatever the layers say of the transport.
        if (tls is not null) config = config.WithFallback(tls.Config);
        config = config.WithFallback(layered);
        // The remote guard under every layer (which may add trusted paths), over the reference configs.
        if (RemoteGuardOn(layered)) config = config.WithFallback(HourglassConfig.RemoteGuard());
        return config.WithFallback(HourglassConfig.Default());
    }

    /// <summary>The scheme of node addresses with node TLS.</summary>
    public const string TlsScheme = "akka.ssl.tcp";

    /// <summary>A node address with the scheme node TLS calls for: <c>akka.ssl.tcp</c> with it, <c>akka.tcp</c> without.</summary>
    public static string WithScheme(string address, bool tls)
    {
        var (from, to) = tls ? ("akka.tcp://", TlsScheme + "://") : (TlsScheme + "://", "akka.tcp://");
        return address.StartsWith(from, StringComparison.Ordinal) ? to + address[from.Length..] : address;
    }

    /// <summary>The seed nodes the config names; empty means the node starts a cluster of its own.</summary>
    public static IReadOnlyList<string> SeedNodes(Config config) => config.GetStringList("akka.cluster.seed-nodes", []).ToList();

    private static string FromEnvironment(Func<string, string?> environment)
    {
        var hocon = new StringBuilder();
        if (Value(environment("HOURGLASS_HOSTNAME")) is { } host) TemporalOptions.Set(hocon, $"{Tcp}.hostname", host);
        if (Value(environment("HOURGLASS_PUBLIC_HOSTNAME")) is { } publicHost) TemporalOptions.Set(hocon, $"{Tcp}.public-hostname", publicHost);
        if (Value(environment("HOURGLASS_PORT")) is { } port)
            hocon.AppendLine($"{Tcp}.port = {Port(port) ?? throw new ConfigurationException($"HOURGLASS_PORT={port} is not a port (0-65535; 0 picks a free one)")}");
        NodeTlsOptions.AppendHocon(hocon, environment);
        if (environment("HOURGLASS_SEED_NODES") is { } seeds)
            hocon.AppendLine($"akka.cluster.seed-nodes = {SeedList(seeds, s => new ConfigurationException($"HOURGLASS_SEED_NODES: {s}"))}");
        return hocon.ToString();
    }

    private static string FromOptions(ParseResult parse, ServeCommand serve)
    {
        var hocon = new StringBuilder();
        serve.Temporal.AppendHocon(hocon, parse);
        serve.NodeTls.AppendHocon(hocon, parse);
        if (parse.GetValue(serve.Mock)) hocon.AppendLine("hourglass.client-backend = mock");
        TemporalOptions.Set(hocon, $"{Tcp}.hostname", parse.GetValue(serve.Hostname));
        TemporalOptions.Set(hocon, $"{Tcp}.public-hostname", parse.GetValue(serve.PublicHostname));
        if (parse.GetValue(serve.Port) is { } port)
            hocon.AppendLine($"{Tcp}.port = {Port(port) ?? throw new UsageException($"--port {port} is not a port (0-65535; 0 picks a free one)")}");
        if (parse.GetValue(serve.SeedNodes) is { } seeds)
            hocon.AppendLine($"akka.cluster.seed-nodes = {SeedList(seeds, s => new UsageException($"--seed-nodes: {s}"))}");
        return hocon.ToString();
    }

    /// <summary>
    /// A comma-separated list of seed nodes as a HOCON list. Each is a node address,
    /// <c>akka.tcp://hourglass@host:port</c>, or just <c>host:port</c>.
    /// </summary>
    private static string SeedList(string text, Func<string, Exception> problem)
    {
        var seeds = new List<string>();
        foreach (var seed in List(text))
        {
            var written = seed.Contains("://", StringComparison.Ordinal) ? seed : $"akka.tcp://{SystemName}@{seed}";
            Address address;
            try
            {
                address = Address.Parse(written);
            }
            catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
            {
                throw problem($"{seed} is not a node address; write akka.tcp://{SystemName}@host:port or host:port");
            }
            if (address.Protocol is not ("akka.tcp" or TlsScheme) || address.Host is null || address.Port is null or <= 0)
                throw problem($"{seed} is not a node address; write akka.tcp://{SystemName}@host:port or host:port");
            if (address.System != SystemName)
                throw problem($"{seed} names the ActorSystem '{address.System}'; Hourglass nodes are '{SystemName}'");
            seeds.Add(TemporalOptions.Quote(address.ToString()));
        }
        return $"[{string.Join(", ", seeds)}]";
    }

    private static bool RemoteGuardOn(Config config)
    {
        try
        {
            return config.GetBoolean("hourglass.remote-guard", false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ConfigurationException($"Invalid Hourglass configuration: hourglass.remote-guard is not on or off: {e.Message}");
        }
    }

    private static bool IsWildcard(string? hostname) =>
        string.IsNullOrWhiteSpace(hostname) || (IPAddress.TryParse(hostname, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    private static IEnumerable<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;

    private static Config? ParseLayer(string hocon) => hocon.Length == 0 ? null : ConfigurationFactory.ParseString(hocon);

    // A layer over the ones below it; a layer that sets nothing is left out.
    private static Config Over(Config? layer, Config below) => layer is null ? below : layer.WithFallback(below);

    private static Config ReadFile(string path, string what)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{what}: cannot read {path}: {e.Message}");
        }
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ConfigurationException($"{what}: {path} is not valid HOCON: {e.Message}");
        }
    }
}
