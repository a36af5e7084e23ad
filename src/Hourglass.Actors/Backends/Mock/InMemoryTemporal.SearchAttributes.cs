using Temporalio.Api.Enums.V1;

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

    /// <summary>
    /// Registers a custom search attribute in a namespace (what an operator does with
    /// <c>temporal operator search-attribute create</c>); NamespaceNotFound when the namespace is missing.
    /// </summary>
    public void AddSearchAttribute(string @namespace, string name, IndexedValueType type)
    {
        lock (_gate)
        {
            RequireNamespace(@namespace);
            CustomSearchAttributesOf(@namespace)[name] = type;
        }
    }

    /// <summary>The type of a search attribute in a namespace (system or custom); null when it is not known there.</summary>
    public IndexedValueType? SearchAttributeType(string @namespace, string name)
    {
        if (SystemSearchAttributes.TryGetValue(name, out var system)) return system;
        lock (_gate)
            return _customSearchAttributes.TryGetValue(@namespace, out var custom) && custom.TryGetValue(name, out var type) ? type : null;
    }

    // Under _gate.
    private Dictionary<string, IndexedValueType> CustomSearchAttributesOf(string @namespace)
    {
        if (!_customSearchAttributes.TryGetValue(@namespace, out var custom))
            _customSearchAttributes[@namespace] = custom = new Dictionary<string, IndexedValueType>(DevServerSearchAttributes, StringComparer.Ordinal);
        return custom;
    }
}
