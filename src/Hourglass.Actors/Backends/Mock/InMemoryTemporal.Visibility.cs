using Google.Protobuf;
using Hourglass.Backends.Mock.Visibility;
using Hourglass.Operations;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Visibility: ListWorkflowExecutions and CountWorkflowExecutions over a record per run, written
/// when the run starts and again when it closes, as the server's visibility store keeps them.
/// Queries are the server's visibility language (<see cref="VisibilityQuery"/>); runs are kept
/// per namespace in list order, so a page costs the runs it skips over, not a sort of all of them.
/// </summary>
public sealed partial class InMemoryTemporal
{
    private readonly Dictionary<string, SortedSet<VisibilityRecord>> _visibility = new(StringComparer.Ordinal);
    private readonly Dictionary<Run, VisibilityRecord> _visibilityOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// One page of the namespace's executions that match the query, open ones first (newest start
    /// first), then closed ones (latest close first). A page size of 0 or above 1000 is 1000, as on
    /// the server; the next page token is set when the page is full (so a last page that is exactly
    /// full is followed by an empty one, as with SQL visibility). InvalidArgument for a query the
    /// server refuses (<c>invalid query: …</c>) or a token this engine did not make; NotFound for a
    /// missing namespace.
    /// </summary>
    public ListWorkflowExecutionsResponse ListWorkflowExecutions(ListWorkflowExecutionsRequest request)
    {
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            var pageSize = request.PageSize <= 0 || request.PageSize > TemporalLimits.VisibilityMaxPageSize
                ? TemporalLimits.VisibilityMaxPageSize
                : request.PageSize;
            var query = CompileQuery(request.Namespace, request.Query, count: false);
            VisibilityOrder.Key? after = null;
            if (!request.NextPageToken.IsEmpty)
            {
                after = VisibilityOrder.Read(request.NextPageToken, out var problem)
                    ?? throw Fail(StatusCode.InvalidArgument, $"unable to deserialize page token: {problem}", null);
            }

            var response = new ListWorkflowExecutionsResponse();
            VisibilityRecord? last = null;
            foreach (var record in RecordsAfter(request.Namespace, after))
            {
                if (!query.Matches(record)) continue;
                response.Executions.Add(record.ToInfo());
                last = record;
                if (response.Executions.Count == pageSize) break;
            }
            if (response.Executions.Count == pageSize && last is not null) response.NextPageToken = VisibilityOrder.Token(last.Key);
            return response;
        }
    }

    /// <summary>
    /// How many of the namespace's executions match the query; with <c>GROUP BY ExecutionStatus</c>,
    /// a group per status (its value the status name, <c>"Running"</c>, as a Keyword payload), in
    /// status order, and the count their sum. InvalidArgument for a query the server refuses;
    /// NotFound for a missing namespace.
    /// </summary>
    public CountWorkflowExecutionsResponse CountWorkflowExecutions(CountWorkflowExecutionsRequest request)
    {
        using (Enter())
        {
            RequireNamespace(request.Namespace);
            var query = CompileQuery(request.Namespace, request.Query, count: true);
            var response = new CountWorkflowExecutionsResponse();
            if (query.GroupBy is null)
            {
                foreach (var record in RecordsAfter(request.Namespace, null))
                    if (query.Matches(record)) response.Count++;
                return response;
            }

            var groups = new SortedDictionary<Temporalio.Api.Enums.V1.WorkflowExecutionStatus, long>();
            foreach (var record in RecordsAfter(request.Namespace, null))
            {
                if (!query.Matches(record)) continue;
                groups[record.Status] = groups.GetValueOrDefault(record.Status) + 1;
            }
            foreach (var (status, count) in groups)
            {
                response.Groups.Add(new CountWorkflowExecutionsResponse.Types.AggregationGroup
                {
                    GroupValues = { KeywordPayload(VisibilityQuery.StatusName(status)) },
                    Count = count,
                });
                response.Count += count;
            }
            return response;
        }
    }

    // Under _gate. The server writes the started record as the run starts (NewRun).
    private void RecordStarted(Run run)
    {
        var searchAttributes = new Dictionary<string, Payload>(StringComparer.Ordinal);
        if (run.Start.SearchAttributes is { } attributes)
        {
            foreach (var (name, value) in attributes.IndexedFields) searchAttributes[name] = value.Clone();
        }
        var record = new VisibilityRecord
        {
            WorkflowId = run.WorkflowId,
            RunId = run.RunId,
            WorkflowType = run.Start.WorkflowType?.Name ?? "",
            TaskQueue = run.Start.TaskQueue?.Name ?? "",
            StartTime = run.StartTime.ToDateTimeOffset(),
            ExecutionTime = run.ExecutionTime.ToDateTimeOffset(),
            Memo = run.Start.Memo?.Clone(),
            SearchAttributes = searchAttributes,
        };
        _visibilityOf[run] = record;
        VisibilityOf(run.Namespace).Add(record);
    }

    // Under _gate, once the run's status and close time are set (Close): the closed record, moved
    // to its place among the closed runs.
    private void RecordClosed(Run run)
    {
        if (!_visibilityOf.TryGetValue(run, out var record) || run.CloseTime is null) return;
        var records = VisibilityOf(run.Namespace);
        records.Remove(record);
        record.Close(run.Status, run.CloseTime.ToDateTimeOffset(), run.Events.Count, run.HistorySizeBytes, run.StateTransitionCount);
        records.Add(record);
    }

    private SortedSet<VisibilityRecord> VisibilityOf(string @namespace)
    {
        if (!_visibility.TryGetValue(@namespace, out var records))
            _visibility[@namespace] = records = new SortedSet<VisibilityRecord>(VisibilityOrder.Instance);
        return records;
    }

    // The namespace's records in list order, starting strictly after the key (from the first when null).
    private IEnumerable<VisibilityRecord> RecordsAfter(string @namespace, VisibilityOrder.Key? after)
    {
        var records = VisibilityOf(@namespace);
        if (after is not { } key) return records;
        if (records.Count == 0 || key.CompareTo(records.Max!.Key) >= 0) return [];
        var probe = new VisibilityRecord
        {
            WorkflowId = "",
            RunId = key.RunId,
            WorkflowType = "",
            TaskQueue = "",
            StartTime = new DateTimeOffset(key.StartTicks, TimeSpan.Zero),
            ExecutionTime = new DateTimeOffset(key.StartTicks, TimeSpan.Zero),
            CloseTime = key.CloseTicks == long.MaxValue ? null : new DateTimeOffset(key.CloseTicks, TimeSpan.Zero),
        };
        return records.GetViewBetween(probe, records.Max).Where(r => r.Key.CompareTo(key) > 0);
    }

    private VisibilityQuery CompileQuery(string @namespace, string query, bool count)
    {
        try
        {
            return VisibilityQuery.Compile(query, name => SearchAttributeType(@namespace, name), count);
        }
        catch (VisibilityQueryException e)
        {
            throw Fail(StatusCode.InvalidArgument, e.StatusMessage, null);
        }
    }

    // sadefs.EncodeValue: the value's JSON with encoding json/plain and the search attribute type.
    private static Payload KeywordPayload(string value) => new()
    {
        Metadata =
        {
            ["encoding"] = ByteString.CopyFromUtf8("json/plain"),
            ["type"] = ByteString.CopyFromUtf8("Keyword"),
        },
        Data = ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(value)),
    };
}
