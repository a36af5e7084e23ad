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
}
