using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// The search attributes the in-memory Temporal knows, as a server's namespace does: the system
/// ones every execution has, and custom ones registered per namespace (a new namespace starts with
/// the custom attributes a Temporal dev server registers).
/// </summary>
public sealed partial class InMemoryTemporal
{
    /// <summary>
    /// The system search attributes visibility queries may name (temporalio/temporal
    /// <c>common/searchattribute/sadefs</c>), with their types.
    /// </summary>
    public static IReadOnlyDictionary<string, IndexedValueType> SystemSearchAttributes { get; } = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal)
    {
        ["WorkflowId"] = IndexedValueType.Keyword,
        ["RunId"] = IndexedValueType.Keyword,
        ["WorkflowType"] = IndexedValueType.Keyword,
        ["ExecutionStatus"] = IndexedValueType.Keyword,
        ["TaskQueue"] = IndexedValueType.Keyword,
        ["StartTime"] = IndexedValueType.Datetime,
        ["CloseTime"] = IndexedValueType.Datetime,
        ["ExecutionTime"] = IndexedValueType.Datetime,
        ["ExecutionDuration"] = IndexedValueType.Int,
        ["HistoryLength"] = IndexedValueType.Int,
        ["HistorySizeBytes"] = IndexedValueType.Int,
        ["StateTransitionCount"] = IndexedValueType.Int,
        ["RootWorkflowId"] = IndexedValueType.Keyword,
        ["RootRunId"] = IndexedValueType.Keyword,
        ["ParentWorkflowId"] = IndexedValueType.Keyword,
        ["ParentRunId"] = IndexedValueType.Keyword,
    };

    /// <summary>The custom search attributes a Temporal dev server registers in every namespace.</summary>
    public static IReadOnlyDictionary<string, IndexedValueType> DevServerSearchAttributes { get; } = new Dictionary<string, IndexedValueType>(StringComparer.Ordinal)
    {
        ["CustomKeywordField"] = IndexedValueType.Keyword,
        ["CustomStringField"] = IndexedValueType.Text,
        ["CustomTextField"] = IndexedValueType.Text,
        ["CustomIntField"] = IndexedValueType.Int,
        ["CustomDoubleField"] = IndexedValueType.Double,
        ["CustomBoolField"] = IndexedValueType.Bool,
        ["CustomDatetimeField"] = IndexedValueType.Datetime,
        ["CustomKeywordListField"] = IndexedValueType.KeywordList,
    };

    private readonly Dictionary<string, Dictionary<string, IndexedValueType>> _customSearchAttributes = new(StringComparer.Ordinal);

    // Counts the types added (AddSearchAttribute): a describe built before one is built again, as it shows the types.
    private long _searchAttributesVersion;

    // Registered in every namespace besides the dev server's (hourglass.mock.search-attributes); set by the constructor.
    private readonly IReadOnlyDictionary<string, IndexedValueType> _configuredSearchAttributes;

    /// <summary>
    /// The custom search attributes every namespace of this engine has from its start: the dev
    /// server's and those given to the constructor (<c>hourglass.mock.search-attributes</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IndexedValueType> ConfiguredSearchAttributes => _configuredSearchAttributes;

    /// <summary>
    /// Registers a custom search attribute in a namespace (what an operator does with
    /// <c>temporal operator search-attribute create</c>); NamespaceNotFound when the namespace is missing.
    /// </summary>
    public void AddSearchAttribute(string @namespace, string name, IndexedValueType type)
    {
        using (Enter())
        {
            RequireNamespace(@namespace);
            CustomSearchAttributesOf(@namespace)[name] = type;
            Volatile.Write(ref _searchAttributesVersion, _searchAttributesVersion + 1);
        }
    }

    /// <summary>The type of a search attribute in a namespace (system or custom); null when it is not known there.</summary>
    public IndexedValueType? SearchAttributeType(string @namespace, string name)
    {
        if (SystemSearchAttributes.TryGetValue(name, out var system)) return system;
        using (Enter())
            return CustomSearchAttributeType(@namespace, name);
    }

    // Under _gate.
    private IndexedValueType? CustomSearchAttributeType(string @namespace, string name) =>
        _customSearchAttributes.TryGetValue(@namespace, out var custom) && custom.TryGetValue(name, out var type) ? type : null;

    // Under _gate.
    private Dictionary<string, IndexedValueType> CustomSearchAttributesOf(string @namespace)
    {
        if (!_customSearchAttributes.TryGetValue(@namespace, out var custom))
        {
            custom = new Dictionary<string, IndexedValueType>(_configuredSearchAttributes, StringComparer.Ordinal);
            _customSearchAttributes[@namespace] = custom;
        }
        return custom;
    }

    // The frontend's checks of the search attributes a start carries (common/searchattribute/validator.go,
    // Validate then ValidateSize), each failure InvalidArgument with the server's message. Under _gate.
    private void CheckSearchAttributes(string @namespace, SearchAttributes? attributes)
    {
        if (attributes is not { IndexedFields.Count: > 0 }) return;
        var fields = attributes.IndexedFields;
        if (fields.Count > TemporalLimits.MaxSearchAttributes)
            throw InvalidArgument($"number of search attributes {fields.Count} exceeds limit {TemporalLimits.MaxSearchAttributes}");
        foreach (var (name, payload) in fields)
        {
            if (SystemSearchAttributes.ContainsKey(name)) throw InvalidArgument($"{name} attribute can't be set in SearchAttributes");
            var type = CustomSearchAttributeType(@namespace, name) ?? throw InvalidArgument($"search attribute {name} is not defined");
            if (!DecodesAs(payload, type))
                throw InvalidArgument($"invalid value for search attribute {name} of type {type}: {Shown(payload)}");
        }
        foreach (var (name, payload) in fields)
        {
            if (payload.Data.Length > TemporalLimits.MaxSearchAttributeValueBytes)
                throw InvalidArgument($"search attribute {name} value size {payload.Data.Length} exceeds size limit {TemporalLimits.MaxSearchAttributeValueBytes}");
        }
        if (attributes.CalculateSize() > TemporalLimits.MaxSearchAttributesTotalBytes)
            throw InvalidArgument($"total size of search attributes {attributes.CalculateSize()} exceeds size limit {TemporalLimits.MaxSearchAttributesTotalBytes}");
    }

    // The attributes as describe answers them: each payload with its type in the metadata when the
    // client sent none (searchattribute.ApplyTypeMap); an empty message when there are none. Under _gate.
    private SearchAttributes DescribedSearchAttributes(Run run)
    {
        var described = new SearchAttributes();
        if (run.Start.SearchAttributes is null) return described;
        foreach (var (name, payload) in run.Start.SearchAttributes.IndexedFields)
        {
            var copy = payload.Clone();
            if (!copy.Metadata.ContainsKey(SearchAttributeValue.TypeMetadataKey) && CustomSearchAttributeType(run.Namespace, name) is { } type)
                copy.Metadata[SearchAttributeValue.TypeMetadataKey] = ByteString.CopyFromUtf8(type.ToString());
            described.IndexedFields[name] = copy;
        }
        return described;
    }

    // Without the attributes whose value is nil (payload.FilterNilSearchAttributes); null when none is left.
    private static SearchAttributes? WithoutNilValues(SearchAttributes? attributes)
    {
        if (attributes is null) return null;
        var kept = new SearchAttributes();
        foreach (var (name, payload) in attributes.IndexedFields)
        {
            if (!IsNil(payload)) kept.IndexedFields[name] = payload.Clone();
        }
        return kept.IndexedFields.Count == 0 ? null : kept;
    }

    // payload.isNilPayload: no data, JSON null, or the empty list.
    private static bool IsNil(Payload payload) =>
        payload.Data.IsEmpty || payload.Data.ToStringUtf8() is "null" or "[]" || Encoding(payload) == "binary/null";

    // Whether the payload holds a value of the type, as sadefs.DecodeValue reads it: the registered
    // type decides, not the payload's metadata; nil is a value (it unsets the attribute); a scalar
    // type also takes a list of one, a KeywordList only a list.
    private static bool DecodesAs(Payload payload, IndexedValueType type)
    {
        if (IsNil(payload)) return true;
        if (Encoding(payload) != "json/plain") return false;
        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            var json = document.RootElement;
            if (type == IndexedValueType.KeywordList)
                return json.ValueKind == JsonValueKind.Array && json.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Null);
            if (json.ValueKind == JsonValueKind.Array)
                return json.GetArrayLength() == 1 && Is(json[0], type);
            return Is(json, type);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Is(JsonElement json, IndexedValueType type) => type switch
    {
        IndexedValueType.Keyword or IndexedValueType.Text => json.ValueKind == JsonValueKind.String,
        IndexedValueType.Int => json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out _),
        IndexedValueType.Double => json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out _),
        IndexedValueType.Bool => json.ValueKind is JsonValueKind.True or JsonValueKind.False,
        // Go's time.Time reads RFC 3339 only.
        IndexedValueType.Datetime => json.ValueKind == JsonValueKind.String && IsRfc3339(json.GetString()!),
        _ => false,
    };

    private static bool IsRfc3339(string text) =>
        text.Length >= 20 && text[10] is 'T' or 't'
        && (text[^1] is 'Z' or 'z' || (text[^6] is '+' or '-' && text[^3] == ':'))
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Encoding(Payload payload) =>
        payload.Metadata.TryGetValue("encoding", out var encoding) ? encoding.ToStringUtf8() : "";

    // The value as the server prints it in its error (%v of the decoded value): strings bare, lists in brackets.
    private static string Shown(Payload payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.Data.Memory);
            return Shown(document.RootElement);
        }
        catch (JsonException)
        {
            return $"value from <{payload.Data.ToStringUtf8()}>";
        }
    }

    private static string Shown(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.Array => "[" + string.Join(' ', json.EnumerateArray().Select(Shown)) + "]",
        JsonValueKind.Object => "map[" + string.Join(' ', json.EnumerateObject().Select(p => $"{p.Name}:{Shown(p.Value)}")) + "]",
        JsonValueKind.Null => "<nil>",
        _ => json.GetRawText(),
    };

    private static Temporalio.Exceptions.RpcException InvalidArgument(string message) => Fail(StatusCode.InvalidArgument, message, null);
}
