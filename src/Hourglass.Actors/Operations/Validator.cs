using Google.Protobuf;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Operations;

/// <summary>
/// Checks the fields of one request, keeping the first problem found as
/// <c>"{Operation}.{Field} {problem}"</c>. Every check takes what the wire can produce: null where
/// the type forbids it, out-of-range enums and durations, strings of any length or encoding.
/// </summary>
internal ref struct Validator(string operation, HourglassSettings settings)
{
    private long _payloadBytes;

    /// <summary>The first problem, or null when every field checked so far is good.</summary>
    public string? Problem { get; private set; }

    public readonly HourglassSettings Settings => settings;

    public void Fail(FieldName field, string problem) => Problem ??= $"{operation}.{field} {problem}";

    /// <summary>A handle: present, a valid namespace (empty is the default), a workflow id, a run id.</summary>
    public void Handle(WorkflowHandle? handle, FieldName field)
    {
        if (handle is null)
        {
            Fail(field, "is required");
            return;
        }
        Namespace(handle.Namespace, field.Member(".Namespace"), emptyIsDefault: true);
        Id(handle.WorkflowId, field.Member(".WorkflowId"));
        RunId(handle.RunId, field.Member(".RunId"));
    }

    /// <summary>A namespace name; with <paramref name="emptyIsDefault"/> an empty one means the default namespace.</summary>
    public void Namespace(string? name, FieldName field, bool emptyIsDefault)
    {
        if (name is null)
        {
            Fail(field, emptyIsDefault ? "is required (\"\" means the default namespace)" : "is required");
            return;
        }
        if (name.Length == 0)
        {
            if (!emptyIsDefault) Fail(field, "is required");
            return;
        }
        // The configured default, which most requests name, was checked when the settings were read.
        if (string.Equals(name, settings.DefaultNamespace, StringComparison.Ordinal)) return;
        if (NamespaceNames.Problem(name) is { } problem) Fail(field, $"{problem} (got {Quote(name)})");
    }

    /// <summary>A required id or name: not blank, at most <see cref="TemporalLimits.MaxIdBytes"/> UTF-8 bytes.</summary>
    public void Id(string? value, FieldName field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(field, "is required");
            return;
        }
        Bounded(value, field, TemporalLimits.MaxIdBytes);
    }

    /// <summary>An optional id or name: null or empty mean "the default", anything else is checked as <see cref="Id"/>.</summary>
    public void OptionalId(string? value, FieldName field)
    {
        if (string.IsNullOrEmpty(value)) return;
        Id(value, field);
    }

    /// <summary>Free text that may be empty but not null, at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public void Text(string? value, FieldName field, int maxBytes)
    {
        if (value is null)
        {
            Fail(field, "is required (\"\" for none)");
            return;
        }
        Bounded(value, field, maxBytes);
    }

    /// <summary>A run id: empty (the latest run) or a UUID in canonical form, as the server makes them.</summary>
    public void RunId(string? runId, FieldName field)
    {
        if (runId is null)
        {
            Fail(field, "is required (\"\" means the latest run)");
            return;
        }
        if (runId.Length != 0 && !IsCanonicalUuid(runId))
            Fail(field, $"is not a UUID in canonical form, like 3f2a94c0-5d1e-4b8a-9c2f-1e7d6b0a4c55 (got {Quote(runId)}; \"\" means the latest run)");
    }

    /// <summary>Payloads: a list (empty for none), no null element, counted against <c>hourglass.max-payload-bytes</c>.</summary>
    public void Payloads(IReadOnlyList<Payload>? payloads, FieldName field)
    {
        if (payloads is null)
        {
            Fail(field, "is required (an empty list for none)");
            return;
        }
        for (var i = 0; i < payloads.Count; i++)
        {
            if (payloads[i] is not { } payload)
            {
                Fail($"{field}[{i}]", "is null (encode a null value with HourglassPayload.From(null))");
                return;
            }
            Count(payload.CalculateSize(), field);
        }
    }

    /// <summary>One optional payload, counted against <c>hourglass.max-payload-bytes</c>.</summary>
    public void OptionalPayload(Payload? payload, FieldName field)
    {
        if (payload is not null) Count(payload.CalculateSize(), field);
    }

    /// <summary>An optional memo: keys are names, values are payloads counted against the payload limit.</summary>
    public void Memo(IReadOnlyDictionary<string, Payload>? memo, FieldName field)
    {
        if (memo is null) return;
        foreach (var (key, value) in memo)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                Fail(field, "has an empty key");
                return;
            }
            Bounded(key, field.Member(" key"), TemporalLimits.MaxIdBytes);
            if (value is null)
            {
                Fail(Keyed(field, key), "is null (encode a null value with HourglassPayload.From(null))");
                return;
            }
            Count(value.CalculateSize() + key.Length, field);
        }
    }

    /// <summary>
    /// Optional search attributes, as the server's <c>searchattribute.Validator</c> checks them: at most
    /// <see cref="TemporalLimits.MaxSearchAttributes"/>; names by the id rules and none of the system
    /// attributes the server sets itself; no null value; each value valid for its type and its encoded
    /// data at most <see cref="TemporalLimits.MaxSearchAttributeValueBytes"/>; all of them together at
    /// most <see cref="TemporalLimits.MaxSearchAttributesTotalBytes"/>. Whether the namespace knows
    /// a name, and with that type, only the server can tell.
    /// </summary>
    public void SearchAttributes(IReadOnlyDictionary<string, SearchAttributeValue>? attributes, FieldName field)
    {
        if (attributes is null) return;
        if (attributes.Count > TemporalLimits.MaxSearchAttributes)
        {
            Fail(field, $"has {attributes.Count} attributes, over Temporal's limit of {TemporalLimits.MaxSearchAttributes}");
            return;
        }
        var all = new SearchAttributes();
        foreach (var (name, value) in attributes)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                Fail(field, "has an empty name");
                return;
            }
            Bounded(name, field.Member(" name"), TemporalLimits.MaxIdBytes);
            if (Problem is not null) return;
            if (Backends.Mock.InMemoryTemporal.SystemSearchAttributes.ContainsKey(name))
            {
                Fail(Keyed(field, name), "is a system search attribute, which the server sets itself");
                return;
            }
            if (value is null)
            {
                Fail(Keyed(field, name), "is null (remove the attribute to leave it unset)");
                return;
            }
            if (value.Problem is { } problem)
            {
                Fail(Keyed(field, name), problem);
                return;
            }
            var payload = value.ToPayload();
            if (payload.Data.Length > TemporalLimits.MaxSearchAttributeValueBytes)
            {
                Fail(Keyed(field, name), $"encodes to {payload.Data.Length} bytes, over Temporal's limit of {TemporalLimits.MaxSearchAttributeValueBytes} per value");
                return;
            }
            all.IndexedFields[name] = payload;
        }
        var total = all.CalculateSize();
        if (total > TemporalLimits.MaxSearchAttributesTotalBytes)
            Fail(field, $"encode to {total} bytes together, over Temporal's limit of {TemporalLimits.MaxSearchAttributesTotalBytes}");
    }

    /// <summary>An optional timeout: positive and at most <paramref name="max"/>.</summary>
    public void Timeout(TimeSpan? value, FieldName field, TimeSpan max)
    {
        if (value is not { } v) return;
        if (v <= TimeSpan.Zero) Fail(field, $"must be positive (got {Got(v)})");
        else if (v > max) Fail(field, $"must be at most {Describe(max)} (got {Got(v)})");
    }

    /// <summary>An optional delay: not negative and at most <paramref name="max"/>.</summary>
    public void Delay(TimeSpan? value, FieldName field, TimeSpan max)
    {
        if (value is not { } v) return;
        if (v < TimeSpan.Zero) Fail(field, $"must not be negative (got {Got(v)})");
        else if (v > max) Fail(field, $"must be at most {Describe(max)} (got {Got(v)})");
    }

    /// <summary>A duration that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Between(TimeSpan? value, FieldName field, TimeSpan min, TimeSpan max)
    {
        if (value is not { } v) return;
        if (v < min || v > max) Fail(field, $"must be between {Describe(min)} and {Describe(max)} (got {Got(v)})");
    }

    /// <summary>An optional enum value the wire may have carried as any number: it must be one this build knows.</summary>
    public void Defined<TEnum>(TEnum? value, FieldName field) where TEnum : struct, Enum
    {
        if (value is { } v && !Enum.IsDefined(v)) Fail(field, $"is not a {typeof(TEnum).Name} (got {v})");
    }

    /// <summary>
    /// A workflow retry policy, as the server's <c>retrypolicy.Validate</c> checks it: intervals not
    /// negative and within the duration cap, a backoff coefficient of at least 1, a maximum interval
    /// not below the initial one, attempts not negative, error type names bounded.
    /// </summary>
    public void RetryPolicy(RetryPolicy? policy, FieldName field)
    {
        if (policy is null) return;
        var initial = policy.InitialInterval;
        var maximum = policy.MaximumInterval;
        ProtoDuration(initial, field.Member(".InitialInterval"));
        ProtoDuration(maximum, field.Member(".MaximumInterval"));
        if (policy.BackoffCoefficient != 0 && !(policy.BackoffCoefficient >= 1))
            Fail(field.Member(".BackoffCoefficient"), $"must be 1 or more (got {policy.BackoffCoefficient})");
        if (policy.MaximumAttempts < 0) Fail(field.Member(".MaximumAttempts"), $"must not be negative (got {policy.MaximumAttempts})");
        if (initial is not null && maximum is not null && Problem is null
            && maximum.ToTimeSpan() != TimeSpan.Zero && maximum.ToTimeSpan() < initial.ToTimeSpan())
            Fail(field.Member(".MaximumInterval"), "must not be less than InitialInterval");
        for (var i = 0; i < policy.NonRetryableErrorTypes.Count; i++)
            Id(policy.NonRetryableErrorTypes[i], field.Element(".NonRetryableErrorTypes", i));
    }

    /// <summary>An optional page token: at most <paramref name="maxBytes"/> bytes.</summary>
    public void Token(ByteString? token, FieldName field, int maxBytes)
    {
        if (token is not null && token.Length > maxBytes) Fail(field, $"is {token.Length} bytes, more than any token Temporal hands out ({maxBytes})");
    }

    private void ProtoDuration(Google.Protobuf.WellKnownTypes.Duration? duration, FieldName field)
    {
        if (duration is null) return;
        if (duration.Seconds < 0 || duration.Nanos < 0) Fail(field, "must not be negative");
        else if (duration.Seconds > (long)TemporalLimits.MaxDuration.TotalSeconds) Fail(field, $"must be at most {Describe(TemporalLimits.MaxDuration)}");
        else if (duration.Nanos >= 1_000_000_000) Fail(field, "is not a valid duration");
    }

    private void Count(long bytes, FieldName field)
    {
        _payloadBytes += bytes;
        if (_payloadBytes > settings.MaxPayloadBytes)
            Fail(field, $"brings the operation's payloads to {_payloadBytes} bytes, over hourglass.max-payload-bytes = {settings.MaxPayloadBytes}");
    }

    // At most maxBytes in UTF-8 and valid UTF-16 (a lone surrogate has no UTF-8 form: the server refuses it).
    private void Bounded(string value, FieldName field, int maxBytes)
    {
        if (value.Length > maxBytes)
        {
            Fail(field, $"is {value.Length} characters, over the limit of {maxBytes} bytes");
            return;
        }
        // ASCII, the common case, is as many bytes as characters (and checked many characters at a time).
        if (System.Text.Ascii.IsValid(value)) return;
        var bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                Fail(field, $"holds an unpaired surrogate at index {i}: it has no UTF-8 form, which Temporal requires");
                return;
            }
            else bytes += 3;
        }
        if (bytes > maxBytes) Fail(field, $"is {bytes} bytes in UTF-8, over the limit of {maxBytes}");
    }

    private static bool IsCanonicalUuid(string s)
    {
        if (s.Length != 36) return false;
        for (var i = 0; i < 36; i++)
        {
            var c = s[i];
            var ok = i is 8 or 13 or 18 or 23 ? c == '-' : c is (>= '0' and <= '9') or (>= 'a' and <= 'f');
            if (!ok) return false;
        }
        return true;
    }

    internal static string Describe(TimeSpan span) =>
        span >= TimeSpan.FromDays(365) && span.TotalDays % 365 == 0 ? $"{span.TotalDays / 365:0} years"
        : span >= TimeSpan.FromDays(1) && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} days"
        : span >= TimeSpan.FromHours(1) && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0}h"
        : span >= TimeSpan.FromMinutes(1) && span.TotalMinutes % 1 == 0 ? $"{span.TotalMinutes:0}m"
        : span >= TimeSpan.FromSeconds(1) && span.TotalSeconds % 1 == 0 ? $"{span.TotalSeconds:0}s"
        : $"{span.TotalMilliseconds:0.###}ms";

    // A duration given, as the CLI and HOCON write durations (30m, 3s), never 00:30:00.
    private static string Got(TimeSpan span) => Hourglass.Configuration.DurationText.Format(span);

    // A map's entry in an error: the field and its quoted key.
    private static string Keyed(FieldName field, string key) => $"{field}[{Quote(key)}]";

    // Values echoed in an error are cut short: the error must not carry a 10 MB string back.
    private static string Quote(string value) =>
        value.Length <= 80 ? $"\"{value}\"" : $"\"{value[..77]}...\" ({value.Length} characters)";
}
