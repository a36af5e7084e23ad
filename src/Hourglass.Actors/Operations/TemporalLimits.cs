namespace Hourglass.Operations;

/// <summary>
/// The Temporal server's default limits that Hourglass checks before any call, so a request the
/// server would refuse is refused here, naming the field. Sources (temporalio/temporal):
/// <c>common/dynamicconfig/constants.go</c> for the <c>limit.*</c> and <c>frontend.*</c> defaults,
/// <c>common/primitives/timestamp/duration.go</c> for durations; docs/decisions.md lists them.
/// </summary>
public static class TemporalLimits
{
    /// <summary>
    /// <c>limit.maxIDLength</c> (1000): the longest namespace, workflow id, workflow type, task
    /// queue, signal, query or update name, request id, update id and identity, in UTF-8 bytes (the
    /// server compares Go's <c>len</c> of the string).
    /// </summary>
    public const int MaxIdBytes = 1000;

    /// <summary>The longest namespace name the server's namespace-name rule accepts.</summary>
    public const int MaxNamespaceLength = 255;

    /// <summary>
    /// <c>limit.blobSize.error</c> (2 MiB): the largest payload blob of one event; Hourglass's own
    /// <c>hourglass.max-payload-bytes</c> defaults to it.
    /// </summary>
    public const int MaxBlobBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The longest free-text reason (cancel, terminate). The server stores a reason in the event
    /// without a length check of its own, so only the frontend's message size bounds it; Hourglass
    /// bounds it at 32 KiB, far above any reason a person writes.
    /// </summary>
    public const int MaxReasonBytes = 32 * 1024;

    /// <summary><c>frontend.searchAttributesNumberOfKeysLimit</c> (100): search attributes on one execution.</summary>
    public const int MaxSearchAttributes = 100;

    /// <summary><c>frontend.searchAttributesSizeOfValueLimit</c> (2 KiB): the encoded size of one search attribute value.</summary>
    public const int MaxSearchAttributeValueBytes = 2 * 1024;

    /// <summary><c>frontend.searchAttributesTotalSizeLimit</c> (40 KiB): all of an execution's search attributes together.</summary>
    public const int MaxSearchAttributesTotalBytes = 40 * 1024;

    /// <summary>
    /// The longest duration the server keeps (<c>maxAllowedDuration</c>, 100 years): longer workflow
    /// timeouts, start delays and retentions are silently capped by it, so Hourglass refuses them.
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(100 * 365);

    /// <summary><c>system.namespaceMinRetentionLocal</c> (1 hour): the shortest retention a local namespace may have.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>frontend.visibilityMaxPageSize</c> (1000): the most executions one ListWorkflowExecutions
    /// page holds. The server uses it for a page size of 0 and clamps a larger one to it
    /// (<c>service/frontend/workflow_handler.go</c> <c>ListWorkflowExecutions</c>).
    /// </summary>
    public const int VisibilityMaxPageSize = 1000;

    /// <summary>
    /// The longest visibility query Hourglass sends, in UTF-8 bytes (1 MiB). The server has no limit
    /// of its own (it only records the length as a metric); its 4 MiB gRPC message bound is the
    /// practical one, and a query a quarter of that holds an IN list of tens of thousands of ids.
    /// </summary>
    public const int MaxVisibilityQueryBytes = 1024 * 1024;

    /// <summary>
    /// The largest page token Hourglass sends back (64 KiB). Visibility tokens are a few hundred
    /// bytes at most (the SQL store's is the JSON of one row's sort key, Elasticsearch's its search-after values).
    /// </summary>
    public const int MaxPageTokenBytes = 64 * 1024;
}
