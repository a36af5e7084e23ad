using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Protocol;

/// <summary>
/// Builds and reads Temporal <see cref="Payload"/>s with a Temporalio payload converter, so workflow
/// arguments, signal payloads and results are plain data that can cross a cluster and that any
/// Temporal SDK worker with the same converter can read.
/// </summary>
/// <remarks>
/// The methods without a converter use <see cref="DefaultConverter"/>, one for the process:
/// Temporal's default converter unless <c>hourglass.payload.converter</c> (or
/// <c>HourglassOptions.PayloadConverter</c>) names another, which <c>StartHourglass</c> and
/// <c>WithHourglass</c> then install. A process that runs systems with different converters passes
/// the converter explicitly. Payloads made here are not encoded yet: the payload codec, if any, is
/// applied by the backend on the way to Temporal.
/// </remarks>
public static class HourglassPayload
{
    private static volatile IPayloadConverter s_default = DataConverter.Default.PayloadConverter;

    /// <summary>
    /// The converter the methods without one use; Temporal's default until a configuration names
    /// another (or this is set).
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static IPayloadConverter DefaultConverter
    {
        get => s_default;
        set => s_default = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Encodes one .NET value (null, bytes, a protobuf message or anything JSON can hold).</summary>
    /// <remarks>A value that already is a <see cref="Payload"/> is returned as it is.</remarks>
    public static Payload From(object? value) => From(value, s_default);

    /// <summary>Encodes one .NET value with <paramref name="converter"/>; a <see cref="Payload"/> is returned as it is.</summary>
    public static Payload From(object? value, IPayloadConverter converter)
    {
        ArgumentNullException.ThrowIfNull(converter);
        return value as Payload ?? converter.ToPayload(value);
    }

    /// <summary>Encodes each value in order; values that already are payloads are kept.</summary>
    public static IReadOnlyList<Payload> FromValues(params object?[]? values) => FromValues(s_default, values);

    /// <summary>Encodes each value in order with <paramref name="converter"/>; values that already are payloads are kept.</summary>
    public static IReadOnlyList<Payload> FromValues(IPayloadConverter converter, params object?[]? values)
    {
        ArgumentNullException.ThrowIfNull(converter);
        return values is null ? Array.Empty<Payload>() : Array.ConvertAll(values, v => From(v, converter));
    }

    /// <summary>Decodes a payload into <typeparamref name="T"/>.</summary>
    public static T ToValue<T>(this Payload payload) => payload.ToValue<T>(s_default);

    /// <summary>Decodes a payload into <typeparamref name="T"/> with <paramref name="converter"/>.</summary>
    public static T ToValue<T>(this Payload payload, IPayloadConverter converter)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(converter);
        return (T)converter.ToValue(payload, typeof(T))!;
    }

    /// <summary>The encoded size of the payloads in bytes, as Temporal counts it against its blob limit.</summary>
    public static long SizeOf(IEnumerable<Payload>? payloads) =>
        payloads?.Sum(p => (long)p.CalculateSize()) ?? 0;

    /// <summary>
    /// Installs the configured converter as <see cref="DefaultConverter"/> when the configuration
    /// named one; a configuration that names none leaves the default as it is.
    /// </summary>
    internal static void Adopt(DataConverter configured)
    {
        if (!ReferenceEquals(configured.PayloadConverter, DataConverter.Default.PayloadConverter))
            DefaultConverter = configured.PayloadConverter;
    }

    /// <summary>Wraps payloads into the Temporal <see cref="Payloads"/> message (null when there are none).</summary>
    internal static Payloads? ToPayloads(IReadOnlyList<Payload>? payloads)
    {
        if (payloads is null || payloads.Count == 0) return null;
        var result = new Payloads();
        result.Payloads_.AddRange(payloads);
        return result;
    }
}
