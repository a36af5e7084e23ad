using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Converters;

namespace Hourglass.Hosting;

/// <summary>
/// Options for <see cref="HourglassHostingExtensions.WithHourglass"/>. Each renders to its
/// <c>hourglass</c> key, prepended to the system's config; null keeps the configured (or
/// reference) value, so HOCON and options can be mixed. The payload converter and codec are
/// instances: they go to the router's settings in code, in place of the configured ones.
/// </summary>
public sealed class HourglassOptions
{
    /// <summary>The router's actor name; it lives at <c>/user/{ActorName}</c>.</summary>
    public string ActorName { get; set; } = ClientBackendActor.DefaultName;

    /// <summary>The backend for senders without an override (<c>hourglass.client-backend</c>); Real or Mock.</summary>
    public BackendKind? ClientBackend { get; set; }

    /// <summary>Whether <see cref="UseBackend"/> is honoured (<c>hourglass.allow-overrides</c>).</summary>
    public bool? AllowOverrides { get; set; }

    /// <summary>Namespace for operations that name none (<c>hourglass.default-namespace</c>).</summary>
    public string? DefaultNamespace { get; set; }

    /// <summary>Task queue for starts that name none (<c>hourglass.default-task-queue</c>).</summary>
    public string? DefaultTaskQueue { get; set; }

    /// <summary>Largest total payload size of one operation (<c>hourglass.max-payload-bytes</c>).</summary>
    public long? MaxPayloadBytes { get; set; }

    /// <summary>Await timeout when the message gives none (<c>hourglass.await.default-timeout</c>).</summary>
    public TimeSpan? AwaitDefaultTimeout { get; set; }

    /// <summary>Await poll interval when the message gives none (<c>hourglass.await.default-poll-interval</c>).</summary>
    public TimeSpan? AwaitDefaultPollInterval { get; set; }

    /// <summary>
    /// Adds the remote guard (<see cref="Configuration.HourglassConfig.RemoteGuard"/>) under the
    /// application's config: other nodes may send only the Hourglass protocol and Akka.Cluster's
    /// own messages; PoisonPill, Kill, private messages and type names from the wire are refused.
    /// Off by default; <c>hourglass serve</c> runs with it.
    /// </summary>
    public bool RemoteGuard { get; set; }

    /// <summary>The real backend's settings (<c>hourglass.real</c>).</summary>
    public RealBackendOptions Real { get; } = new();

    /// <summary>
    /// The payload converter, as an instance (it wins over <c>hourglass.payload.converter</c>); it
    /// becomes <see cref="HourglassPayload.DefaultConverter"/> when Hourglass starts. Null keeps the
    /// configured one. Instances do not render to HOCON: they go to the router's settings in code.
    /// </summary>
    public IPayloadConverter? PayloadConverter { get; set; }

    /// <summary>
    /// The payload codec both backends apply to every payload on its way to Temporal and back, as an
    /// instance (it wins over <c>hourglass.payload.codec</c> and <c>codec-endpoint</c>), e.g. an
    /// encryption codec holding a key from your secret store. Null keeps the configured one.
    /// </summary>
    public IPayloadCodec? PayloadCodec { get; set; }

    /// <summary>The settings read from config, with the instances given here in place of the configured ones.</summary>
    internal HourglassSettings WithInstances(HourglassSettings settings) =>
        PayloadConverter is null && PayloadCodec is null
            ? settings
            : settings with
            {
                DataConverter = settings.DataConverter with
                {
                    PayloadConverter = PayloadConverter ?? settings.DataConverter.PayloadConverter,
                    PayloadCodec = PayloadCodec ?? settings.DataConverter.PayloadCodec,
                },
            };

    /// <summary>The HOCON these options stand for (only the keys that were set).</summary>
    public string ToHocon()
    {
        if (ClientBackend is BackendKind.Actor)
            throw new ArgumentException("ClientBackend takes Real or Mock; an actor backend is a per-sender override (UseBackend)");
        var hocon = new HoconWriter();
        hocon.Raw("hourglass.client-backend", ClientBackend?.ToString().ToLowerInvariant());
        hocon.Raw("hourglass.allow-overrides", AllowOverrides is { } allow ? (allow ? "on" : "off") : null);
        hocon.String("hourglass.default-namespace", DefaultNamespace);
        hocon.String("hourglass.default-task-queue", DefaultTaskQueue);
        hocon.Number("hourglass.max-payload-bytes", MaxPayloadBytes);
        hocon.Duration("hourglass.await.default-timeout", AwaitDefaultTimeout);
        hocon.Duration("hourglass.await.default-poll-interval", AwaitDefaultPollInterval);
        Real.Render(hocon);
        return hocon.ToString();
    }
}
