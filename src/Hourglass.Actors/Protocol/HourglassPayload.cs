using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace Hourglass.Protocol;

/// <summary>
/// Builds and reads Temporal <see cref="Payload"/>s with the Temporalio default
/// <see cref="DataConverter"/>, so workflow arguments, signal payloads and results are plain data
/// that can cross a cluster and that any Temporal SDK worker can read.
/// </summary>
public static class HourglassPayload
{
    private static IPayloadConverter Converter => DataConverter.Default.PayloadConverter;

    /// <summary>Encodes one .NET value (null, bytes, a protobuf message or anything JSON can hold).</summary>
    /// <remarks>A value that already is a <see cref="Payload"/> is returned as it is.</remarks>
    public static Payload From(object? value) => value as Payload ?? Converter.ToPayload(value);

    /// <summary>Encodes each value in order; values that already are payloads are kept.</summary>
    public static IReadOnlyList<Payload> FromValues(params object?[]? values) =>
        values is null ? Array.Empty<Payload>() : Array.ConvertAll(values, From);

    /// <summary>Decodes a payload into <typeparamref name="T"/>.</summary>
    public static T ToValue<T>(this Payload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return (T)Converter.ToValue(payload, typeof(T))!;
    }

    /// <summary>The encoded size of the payloads in bytes, as Temporal counts it against its blob limit.</summary>
    public static long SizeOf(IEnumerable<Payload>? payloads) =>
        payloads?.Sum(p => (long)p.CalculateSize()) ?? 0;

    /// <summary>Wraps payloads into the Temporal <see cref="Payloads"/> message (null when there are none).</summary>
    internal static Payloads? ToPayloads(IReadOnlyList<Payload>? payloads)
    {
        if (payloads is null || payloads.Count == 0) return null;
        var result = new Payloads();
        result.Payloads_.AddRange(payloads);
        return result;
    }
}
