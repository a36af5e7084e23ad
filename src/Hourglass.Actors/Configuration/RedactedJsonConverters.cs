using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hourglass.Configuration;

/// <summary>
/// Writes a secret string (an API key) as <c>"***"</c> in System.Text.Json, null as null, so
/// settings and options can be logged as JSON without it. Reading one back is refused: the
/// secret comes from its file, the environment or config, never from JSON that hid it.
/// </summary>
internal sealed class RedactedStringConverter : JsonConverter<string?>
{
    /// <summary>What a secret is written as.</summary>
    public const string Hidden = "***";

    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("a secret is written hidden (\"***\") and is not read back from JSON; set it from its file or the environment");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(Hidden);
    }
}

/// <summary>Writes secret bytes (a private key's PEM) as <c>"***"</c> in System.Text.Json, null as null; see <see cref="RedactedStringConverter"/>.</summary>
internal sealed class RedactedBytesConverter : JsonConverter<byte[]?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException("a secret is written hidden (\"***\") and is not read back from JSON; set it from its file");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, byte[]? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(RedactedStringConverter.Hidden);
    }
}
