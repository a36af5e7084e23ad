using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.Backends.Mock.Visibility;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Tests.Mock.Visibility;

/// <summary>Visibility records and search attribute payloads for the query tests.</summary>
internal static class VisibilityFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static long _runs;

    /// <summary>A search attribute value as Temporal sends it: the JSON of the value, with its type in the metadata.</summary>
    public static Payload Attribute(object value, IndexedValueType type)
    {
        var payload = HourglassPayload.From(value);
        payload.Metadata["type"] = ByteString.CopyFromUtf8(type.ToString());
        return payload;
    }

    /// <summary>The types the dev server knows in every namespace: system and dev-server custom ones.</summary>
    public static IndexedValueType? TypeOf(string name) =>
        InMemoryTemporal.SystemSearchAttributes.TryGetValue(name, out var system) ? system
        : InMemoryTemporal.DevServerSearchAttributes.TryGetValue(name, out var custom) ? custom
        : null;

    public static VisibilityRecord Record(string workflowId, WorkflowExecutionStatus status, DateTimeOffset start, DateTimeOffset? close = null,
        string type = "OrderWorkflow", string queue = "orders", Dictionary<string, Payload>? attributes = null)
    {
        var record = new VisibilityRecord
        {
            WorkflowId = workflowId,
            RunId = $"00000000-0000-4000-8000-{Interlocked.Increment(ref _runs):D12}",
            WorkflowType = type,
            TaskQueue = queue,
            StartTime = start,
            ExecutionTime = start,
            SearchAttributes = attributes ?? new Dictionary<string, Payload>(),
        };
        if (close is { } closed) record.Close(status, closed, historyLength: 5, historySizeBytes: 500, stateTransitionCount: 4);
        return record;
    }

    /// <summary>
    /// Five runs: order-1 (Running, every custom attribute), order-2 (Completed), invoice-1 (Failed,
    /// no custom attributes), order-3 (Terminated a day earlier), ship-1 (Running).
    /// </summary>
    public static IReadOnlyList<VisibilityRecord> Runs() =>
    [
        Record("order-1", WorkflowExecutionStatus.Running, T0.AddHours(1), attributes: new()
        {
            ["CustomKeywordField"] = Attribute("vip", IndexedValueType.Keyword),
            ["CustomIntField"] = Attribute(5, IndexedValueType.Int),
            ["CustomDoubleField"] = Attribute(2.5, IndexedValueType.Double),
            ["CustomBoolField"] = Attribute(true, IndexedValueType.Bool),
            ["CustomDatetimeField"] = Attribute("2026-01-02T03:04:05Z", IndexedValueType.Datetime),
            ["CustomKeywordListField"] = Attribute(new[] { "red", "green" }, IndexedValueType.KeywordList),
            ["CustomTextField"] = Attribute("The quick brown fox", IndexedValueType.Text),
        }),
        Record("order-2", WorkflowExecutionStatus.Completed, T0, T0.AddHours(2), attributes: new()
        {
            ["CustomKeywordField"] = Attribute("regular", IndexedValueType.Keyword),
            ["CustomIntField"] = Attribute(10, IndexedValueType.Int),
            ["CustomKeywordListField"] = Attribute(new[] { "blue" }, IndexedValueType.KeywordList),
            ["CustomTextField"] = Attribute("lazy dog, sleeping (all-day)", IndexedValueType.Text),
        }),
        Record("invoice-1", WorkflowExecutionStatus.Failed, T0.AddMinutes(30), T0.AddHours(3), type: "InvoiceWorkflow", queue: "billing"),
        Record("order-3", WorkflowExecutionStatus.Terminated, T0.AddDays(-1), T0.AddDays(-1).AddMinutes(1), attributes: new()
        {
            ["CustomIntField"] = Attribute(-3, IndexedValueType.Int),
            ["CustomDoubleField"] = Attribute(0.5, IndexedValueType.Double),
        }),
        Record("ship-1", WorkflowExecutionStatus.Running, T0.AddHours(2), type: "ShipWorkflow", attributes: new()
        {
            ["CustomBoolField"] = Attribute(false, IndexedValueType.Bool),
        }),
    ];
}
