using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Protocol;

/// <summary>
/// A typed search attribute value, as <see cref="StartWorkflow.SearchAttributes"/> carries it: one
/// of Temporal's indexed value types and a value of the matching .NET type. Made with the factory
/// methods (<see cref="Keyword"/>, <see cref="Int"/>, …); it travels to Temporal as Temporal's own
/// encoding (<see cref="ToPayload"/>): a <c>json/plain</c> payload whose data is the JSON of the
/// value and whose metadata <c>type</c> names the type, which every Temporal SDK reads.
/// </summary>
/// <remarks>
/// A value is checked when the operation carrying it is validated, not when it is made: a double
/// that is not finite, or a datetime outside <see cref="MinDatetime"/>…<see cref="MaxDatetime"/>,
/// is refused there with InvalidArgument naming the attribute.
/// </remarks>
public sealed record SearchAttributeValue
{
    /// <summary>The metadata key naming the value's type (<c>type</c>), as the server and SDKs write it.</summary>
    public const string TypeMetadataKey = "type";

    /// <summary>
    /// The earliest datetime accepted: the first instant of year 1000 in UTC. A visibility store on
    /// MySQL holds <c>DATETIME(6)</c> from there; <c>default(DateTimeOffset)</c> (year 1) is refused.
    /// </summary>
    public static readonly DateTimeOffset MinDatetime = new(1000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The latest datetime accepted: 9999-12-31 23:59:59.999999 UTC, the last microsecond a
    /// <c>DATETIME(6)</c> column holds (<see cref="DateTimeOffset.MaxValue"/> would round past it).
    /// </summary>
    public static readonly DateTimeOffset MaxDatetime = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990);

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly ByteString JsonPlain = ByteString.CopyFromUtf8("json/plain");
    private const string TypeNamePrefix = "INDEXED_VALUE_TYPE_";

    private SearchAttributeValue(IndexedValueType type, object value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The indexed value type the attribute is registered with in the namespace.</summary>
    public IndexedValueType Type { get; }

    /// <summary>
    /// The value: a <see cref="string"/> (Keyword, Text), a <see cref="long"/> (Int), a
    /// <see cref="double"/> (Double), a <see cref="bool"/> (Bool), a <see cref="DateTimeOffset"/>
    /// (Datetime) or an <see cref="IReadOnlyList{T}"/> of strings (KeywordList).
    /// </summary>
    public object Value { get; }

    /// <summary>A Keyword: a string matched exactly (ids, states, names).</summary>
    public static SearchAttributeValue Keyword(string value) =>
        new(IndexedValueType.Keyword, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A Text: a string searched by its words.</summary>
    public static SearchAttributeValue Text(string value) =>
        new(IndexedValueType.Text, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>An Int: a 64-bit integer.</summary>
    public static SearchAttributeValue Int(long value) => new(IndexedValueType.Int, value);

    /// <summary>A Double: a 64-bit floating-point number, which must be finite.</summary>
    public static SearchAttributeValue Double(double value) => new(IndexedValueType.Double, value);

    /// <summary>A Bool.</summary>
    public static SearchAttributeValue Bool(bool value) => new(IndexedValueType.Bool, value);

    /// <summary>A Datetime, sent as RFC 3339 with its offset; it must lie between <see cref="MinDatetime"/> and <see cref="MaxDatetime"/>.</summary>
    public static SearchAttributeValue Datetime(DateTimeOffset value) => new(IndexedValueType.Datetime, value);

    /// <summary>A KeywordList: a list of keywords, matched element by element.</summary>
    public static SearchAttributeValue KeywordList(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
            copy[i] = values[i] ?? throw new ArgumentException($"element {i} is null; a keyword list holds strings", nameof(values));
        return new SearchAttributeValue(IndexedValueType.KeywordList, Array.AsReadOnly(copy));
    }

    /// <summary>Why Temporal would refuse the value (a double that is not finite, a datetime out of range); null when it is fine.</summary>
    public string? Problem => Value switch
    {
        double d when !double.IsFinite(d) => $"is {d.ToString(CultureInfo.InvariantCulture)}: a Double must be finite (JSON has no NaN or infinity)",
        DateTimeOffset t when t < MinDatetime || t > MaxDatetime =>
            $"is {Iso(t)}: a Datetime must lie between {Iso(MinDatetime)} and {Iso(MaxDatetime)}",
        _ => null,
    };

    /// <summary>
    /// The value in Temporal's encoding: <c>encoding = json/plain</c>, <c>type</c> = the type name
    /// (<c>Keyword</c>, <c>KeywordList</c>, …), data the JSON of the value (a Datetime as an RFC 3339
    /// string, a KeywordList as an array of strings).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value has a <see cref="Problem"/>.</exception>
    public Payload ToPayload()
    {
        if (Problem is { } problem) throw new InvalidOperationException($"This {Type} search attribute value {problem}.");
        byte[] data = Value switch
        {
            DateTimeOffset t => JsonSerializer.SerializeToUtf8Bytes(Rfc3339(t), Json),
            IReadOnlyList<string> list => JsonSerializer.SerializeToUtf8Bytes(list, Json),
            _ => JsonSerializer.SerializeToUtf8Bytes(Value, Value.GetType(), Json),
        };
        return new Payload
        {
            Metadata =
            {
                ["encoding"] = JsonPlain,
                [TypeMetadataKey] = ByteString.CopyFromUtf8(Type.ToString()),
            },
            Data = ByteString.CopyFrom(data),
        };
    }

    /// <summary>
    /// Reads a search attribute payload (from a describe response, a history event): its <c>type</c>
    /// metadata says how (<c>Keyword</c> or <c>INDEXED_VALUE_TYPE_KEYWORD</c> alike), its data is JSON.
    /// </summary>
    /// <exception cref="FormatException">The payload has no known type, is not <c>json/plain</c>, or its data does not hold a value of its type.</exception>
    public static SearchAttributeValue FromPayload(Payload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var type = TypeOf(payload) ?? throw new FormatException(
            $"the payload's \"{TypeMetadataKey}\" metadata does not name a search attribute type (got \"{Metadata(payload, TypeMetadataKey)}\")");
        return FromPayload(payload, type);
    }

    /// <summary>Reads a search attribute payload as a value of <paramref name="type"/>, whatever its metadata says.</summary>
    /// <exception cref="FormatException">The payload is not <c>json/plain</c>, or its data does not hold a value of that type.</exception>
    public static SearchAttributeValue FromPayload(Payload payload, IndexedValueType type)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var encoding = Metadata(payload, "encoding");
        if (encoding != "json/plain") throw new FormatException($"a search attribute payload is json/plain, not \"{encoding}\"");
        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            var json = document.RootElement;
            return type switch
            {
                IndexedValueType.Keyword => Keyword(json.GetString() ?? throw NotA(type, json)),
                IndexedValueType.Text => Text(json.GetString() ?? throw NotA(type, json)),
                IndexedValueType.Int => Int(json.GetInt64()),
                IndexedValueType.Double => Double(json.GetDouble()),
                IndexedValueType.Bool => Bool(json.GetBoolean()),
                IndexedValueType.Datetime => Datetime(ParseRfc3339(json.GetString() ?? throw NotA(type, json))),
                IndexedValueType.KeywordList => KeywordList(json.EnumerateArray().Select(e => e.GetString() ?? throw NotA(type, json)).ToArray()),
                _ => throw new FormatException($"{type} is not a search attribute type"),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException($"the payload's data {Quote(payload.Data)} is not a {type} search attribute value", e);
        }
    }

    /// <summary>Reads a search attribute payload; false when <see cref="FromPayload(Payload)"/> would throw.</summary>
    public static bool TryFromPayload(Payload payload, [NotNullWhen(true)] out SearchAttributeValue? value)
    {
        try
        {
            value = FromPayload(payload);
            return true;
        }
        catch (FormatException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>
    /// Every attribute of Temporal's <see cref="SearchAttributes"/> message (a describe response's
    /// <c>WorkflowExecutionInfo.SearchAttributes</c>, a started event's) decoded; empty for null.
    /// </summary>
    /// <exception cref="FormatException">An attribute's payload cannot be read; the message names it.</exception>
    public static IReadOnlyDictionary<string, SearchAttributeValue> FromProto(SearchAttributes? attributes)
    {
        var values = new Dictionary<string, SearchAttributeValue>(StringComparer.Ordinal);
        if (attributes is null) return values;
        foreach (var (name, payload) in attributes.IndexedFields)
        {
            try
            {
                values[name] = FromPayload(payload);
            }
            catch (FormatException e)
            {
                throw new FormatException($"search attribute {name}: {e.Message}", e);
            }
        }
        return values;
    }

    /// <summary>The type named by a payload's <c>type</c> metadata; null when it names none this build knows.</summary>
    public static IndexedValueType? TypeOf(Payload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var name = Metadata(payload, TypeMetadataKey);
        // The server accepts the short name and the protobuf enum name alike (IndexedValueTypeFromString).
        if (name.StartsWith(TypeNamePrefix, StringComparison.Ordinal))
            name = string.Concat(name[TypeNamePrefix.Length..].Split('_').Select(w => w.Length == 0 ? w : w[..1] + w[1..].ToLowerInvariant()));
        // Letters only: Enum.TryParse would also take "2" or "Keyword, Text".
        if (name.Length == 0 || !name.All(char.IsAsciiLetter)) return null;
        return Enum.TryParse<IndexedValueType>(name, ignoreCase: false, out var type) && type != IndexedValueType.Unspecified && Enum.IsDefined(type)
            ? type
            : null;
    }

    /// <summary>Temporal's <see cref="SearchAttributes"/> message for these values; null when there are none.</summary>
    internal static SearchAttributes? ToProto(IReadOnlyDictionary<string, SearchAttributeValue>? values)
    {
        if (values is not { Count: > 0 }) return null;
        var attributes = new SearchAttributes();
        foreach (var (name, value) in values) attributes.IndexedFields[name] = value.ToPayload();
        return attributes;
    }

    /// <summary>The value rebuilt from its type and value, as the wire carries them; null when they do not match.</summary>
    internal static SearchAttributeValue? Of(IndexedValueType type, object? value) => (type, value) switch
    {
        (IndexedValueType.Keyword, string s) => Keyword(s),
        (IndexedValueType.Text, string s) => Text(s),
        (IndexedValueType.Int, long l) => Int(l),
        (IndexedValueType.Double, double d) => Double(d),
        (IndexedValueType.Bool, bool b) => Bool(b),
        (IndexedValueType.Datetime, DateTimeOffset t) => Datetime(t),
        (IndexedValueType.KeywordList, IEnumerable<string> list) when list.All(s => s is not null) => KeywordList(list.ToArray()),
        _ => null,
    };

    /// <inheritdoc />
    public bool Equals(SearchAttributeValue? other) =>
        other is not null && Type == other.Type && (Value, other.Value) switch
        {
            (IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal),
            (DateTimeOffset a, DateTimeOffset b) => a.EqualsExact(b),
            var (a, b) => a.Equals(b),
        };

    /// <inheritdoc />
    public override int GetHashCode() => Value switch
    {
        IReadOnlyList<string> list => list.Aggregate(HashCode.Combine(Type), (hash, s) => HashCode.Combine(hash, s)),
        DateTimeOffset t => HashCode.Combine(Type, t.UtcTicks, t.Offset),
        _ => HashCode.Combine(Type, Value),
    };

    /// <summary>The type and the value's JSON, e.g. <c>Keyword "alice"</c>, <c>KeywordList ["a","b"]</c>.</summary>
    public override string ToString() => Problem is null
        ? $"{Type} {Encoding.UTF8.GetString(ToPayload().Data.Span)}"
        : $"{Type} {Convert.ToString(Value, CultureInfo.InvariantCulture)}";

    private static string Rfc3339(DateTimeOffset t) =>
        t.Offset == TimeSpan.Zero
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    // RFC 3339 with its offset (Go's time.RFC3339Nano, as the server and SDKs write it): a 'T' and a zone are required.
    private static DateTimeOffset ParseRfc3339(string text)
    {
        var zoned = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (text.Length < 20 || text[10] is not ('T' or 't') || !zoned
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw new ArgumentException($"\"{text}\" is not an RFC 3339 date and time with a zone");
        return time;
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Metadata(Payload payload, string key) =>
        payload.Metadata.TryGetValue(key, out var value) ? value.ToStringUtf8() : "";

    private static FormatException NotA(IndexedValueType type, JsonElement json) => new($"{json.GetRawText()} is not a {type}");

    private static string Quote(ByteString data)
    {
        var text = data.ToStringUtf8();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
