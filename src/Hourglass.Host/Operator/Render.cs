using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using static Temporalio.Api.History.V1.HistoryEvent;

namespace Hourglass.Host.Operator;

/// <summary>Hourglass and Temporal values as operators read them: text for terminals, JSON for scripts.</summary>
internal static class Render
{
    /// <summary>Shown where a value is absent.</summary>
    public const string None = "-";

    /// <summary>Protobuf messages as Temporal's canonical proto JSON (the form <c>temporal … -o json</c> prints, before its payload shorthand).</summary>
    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    // Characters as they are: this text is for terminals, not for embedding in HTML.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A protobuf message as a JSON node, with its payloads in the Temporal CLI's shorthand
    /// (<see cref="PayloadShorthand"/>: a JSON payload as its value); null for null.
    /// </summary>
    public static JsonNode? ProtoJson(IMessage? message)
    {
        if (message is null) return null;
        var json = JsonNode.Parse(Formatter.Format(message));
        PayloadShorthand.Apply(message, json);
        return json;
    }

    /// <summary>A handle as <c>{"namespace","workflowId","runId"}</c>.</summary>
    public static JsonObject HandleJson(WorkflowHandle handle) => new()
    {
        ["namespace"] = handle.Namespace,
        ["workflowId"] = handle.WorkflowId,
        ["runId"] = handle.RunId,
    };

    /// <summary>A handle as aligned fields.</summary>
    public static IEnumerable<(string, string)> HandleFields(WorkflowHandle handle) =>
    [
        ("namespace", handle.Namespace),
        ("workflow id", handle.WorkflowId),
        ("run id", handle.RunId.Length == 0 ? "(latest)" : handle.RunId),
    ];

    /// <summary>A time for people: UTC, to the millisecond.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : None;

    /// <summary>A protobuf timestamp for people.</summary>
    public static string Time(Timestamp? time) => time is null ? None : Time(time.ToDateTimeOffset());

    /// <summary>A time for scripts: ISO 8601 in UTC, or JSON null.</summary>
    public static JsonNode? TimeJson(DateTimeOffset? time) =>
        time is { } t ? JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)) : null;

    /// <summary>A failure in a line: its message and, for an application failure, its type.</summary>
    public static string FailureText(Failure? failure) => failure switch
    {
        null => None,
        { ApplicationFailureInfo.Type: { Length: > 0 } type } => $"{failure.Message} ({type})",
        _ => failure.Message,
    };

    /// <summary>
    /// A payload's value as JSON text: the data of a JSON payload as it is, <c>null</c> for
    /// <c>binary/null</c>, and anything else (bytes, an unknown encoding) as a JSON string of its base64.
    /// </summary>
    public static string PayloadText(Payload payload) => PayloadJson(payload)?.ToJsonString(Compact) ?? "null";

    /// <summary>A payload's value as a JSON node (see <see cref="PayloadText"/>).</summary>
    public static JsonNode? PayloadJson(Payload payload)
    {
        var encoding = payload.Metadata.TryGetValue("encoding", out var e) ? e.ToStringUtf8() : "";
        if (encoding == "binary/null") return null;
        if (encoding is "json/plain" or "json/protobuf")
        {
            try
            {
                return JsonNode.Parse(payload.Data.Span);
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the base64 form.
            }
        }
        return JsonValue.Create(Convert.ToBase64String(payload.Data.Span));
    }

    /// <summary>Several payloads in a line, comma-separated.</summary>
    public static string PayloadsText(Payloads? payloads) =>
        payloads is null || payloads.Payloads_.Count == 0 ? "" : string.Join(", ", payloads.Payloads_.Select(PayloadText));

    /// <summary>A status as JSON: the handle, state, cancel requested, type, queue, times, history length, pending activities, recent failures.</summary>
    public static JsonObject StatusJson(WorkflowStatus status)
    {
        var json = HandleJson(status.Handle);
        json["state"] = status.State.ToString();
        json["cancelRequested"] = status.CancelRequested;
        json["workflowType"] = status.WorkflowType;
        json["taskQueue"] = status.TaskQueue;
        json["startTime"] = TimeJson(status.StartTime);
        json["closeTime"] = TimeJson(status.CloseTime);
        json["historyLength"] = status.HistoryLength;
        json["pendingActivities"] = new JsonArray(status.PendingActivities.Select(p => (JsonNode)new JsonObject
        {
            ["activityId"] = p.ActivityId,
            ["activityType"] = p.ActivityType,
            ["attempt"] = p.Attempt,
            ["maximumAttempts"] = p.MaximumAttempts,
            ["lastStartedTime"] = TimeJson(p.LastStartedTime),
            ["lastFailure"] = ProtoJson(p.LastFailure),
        }).ToArray());
        json["recentFailures"] = status.RecentFailures is null
            ? null
            : new JsonArray(status.RecentFailures.Select(f => (JsonNode)new JsonObject
            {
                ["eventId"] = f.EventId,
                ["time"] = TimeJson(f.Time),
                ["activityId"] = f.ActivityId,
                ["activityType"] = f.ActivityType,
                ["attempt"] = f.Attempt,
                ["failure"] = ProtoJson(f.Failure),
            }).ToArray());
        return json;
    }

    /// <summary>A status as aligned fields.</summary>
    public static IEnumerable<(string, string)> StatusFields(WorkflowStatus status)
    {
        var fields = new List<(string, string)> { ("state", status.State.ToString()) };
        if (status.CancelRequested) fields.Add(("cancel requested", "yes"));
        fields.AddRange(HandleFields(status.Handle));
        fields.Add(("type", Text(status.WorkflowType)));
        fields.Add(("task queue", Text(status.TaskQueue)));
        fields.Add(("started", Time(status.StartTime)));
        fields.Add(("closed", Time(status.CloseTime)));
        fields.Add(("history length", status.HistoryLength.ToString(CultureInfo.InvariantCulture)));
        fields.Add(("pending activities", status.PendingActivities.Count == 0
            ? "none"
            : string.Join('\n', status.PendingActivities.Select(p =>
                PendingText(p.ActivityType, p.ActivityId, p.Attempt, p.MaximumAttempts, p.LastFailure)))));
        if (status.RecentFailures is { } failures)
        {
            fields.Add(("recent failures", failures.Count == 0
                ? "none"
                : string.Join('\n', failures.Select(f =>
                    $"{Time(f.Time)}  {f.ActivityType} attempt {f.Attempt}: {FailureText(f.Failure)}"))));
        }
        return fields;
    }

    /// <summary>A pending activity in a line: type, id, attempt (of the limit) and the last failure.</summary>
    public static string PendingText(string type, string id, int attempt, int maximumAttempts, Failure? lastFailure)
    {
        var of = maximumAttempts > 0 ? $" of {maximumAttempts}" : "";
        var failed = lastFailure is null ? "" : $", last failure: {FailureText(lastFailure)}";
        return $"{type} (activity {id}) attempt {attempt}{of}{failed}";
    }

    /// <summary>The attribute of a history event worth a glance: what started, which signal, why it failed…</summary>
    public static string EventAttribute(HistoryEvent e) => e.AttributesCase switch
    {
        AttributesOneofCase.WorkflowExecutionStartedEventAttributes => With(
            $"{e.WorkflowExecutionStartedEventAttributes.WorkflowType?.Name} on {e.WorkflowExecutionStartedEventAttributes.TaskQueue?.Name}",
            "input", PayloadsText(e.WorkflowExecutionStartedEventAttributes.Input)),
        AttributesOneofCase.WorkflowExecutionCompletedEventAttributes =>
            "result " + Or(PayloadsText(e.WorkflowExecutionCompletedEventAttributes.Result), "(none)"),
        AttributesOneofCase.WorkflowExecutionFailedEventAttributes => FailureText(e.WorkflowExecutionFailedEventAttributes.Failure),
        AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => $"retry state {e.WorkflowExecutionTimedOutEventAttributes.RetryState}",
        AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes => e.WorkflowExecutionTerminatedEventAttributes.Reason,
        AttributesOneofCase.WorkflowExecutionCancelRequestedEventAttributes => e.WorkflowExecutionCancelRequestedEventAttributes.Cause,
        AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes =>
            $"new run {e.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId}",
        AttributesOneofCase.WorkflowExecutionSignaledEventAttributes => With(
            e.WorkflowExecutionSignaledEventAttributes.SignalName, "input", PayloadsText(e.WorkflowExecutionSignaledEventAttributes.Input)),
        AttributesOneofCase.WorkflowExecutionUpdateAcceptedEventAttributes => With(
            $"{e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Input?.Name} ({e.WorkflowExecutionUpdateAcceptedEventAttributes.ProtocolInstanceId})",
            "input", PayloadsText(e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest?.Input?.Args)),
        AttributesOneofCase.WorkflowExecutionUpdateCompletedEventAttributes =>
            e.WorkflowExecutionUpdateCompletedEventAttributes.Outcome?.Failure is { } updateFailure
                ? FailureText(updateFailure)
                : "result " + Or(PayloadsText(e.WorkflowExecutionUpdateCompletedEventAttributes.Outcome?.Success), "(none)"),
        AttributesOneofCase.WorkflowTaskFailedEventAttributes => FailureText(e.WorkflowTaskFailedEventAttributes.Failure),
        AttributesOneofCase.ActivityTaskScheduledEventAttributes =>
            $"{e.ActivityTaskScheduledEventAttributes.ActivityType?.Name} (activity {e.ActivityTaskScheduledEventAttributes.ActivityId})",
        AttributesOneofCase.ActivityTaskStartedEventAttributes => $"attempt {e.ActivityTaskStartedEventAttributes.Attempt}",
        AttributesOneofCase.ActivityTaskCompletedEventAttributes =>
            "result " + Or(PayloadsText(e.ActivityTaskCompletedEventAttributes.Result), "(none)"),
        AttributesOneofCase.ActivityTaskFailedEventAttributes => FailureText(e.ActivityTaskFailedEventAttributes.Failure),
        AttributesOneofCase.ActivityTaskTimedOutEventAttributes => FailureText(e.ActivityTaskTimedOutEventAttributes.Failure),
        AttributesOneofCase.TimerStartedEventAttributes =>
            $"timer {e.TimerStartedEventAttributes.TimerId} for {(e.TimerStartedEventAttributes.StartToFireTimeout is { } fire ? Hourglass.Configuration.DurationText.Format(fire.ToTimeSpan()) : None)}",
        AttributesOneofCase.TimerFiredEventAttributes => $"timer {e.TimerFiredEventAttributes.TimerId}",
        AttributesOneofCase.MarkerRecordedEventAttributes => e.MarkerRecordedEventAttributes.MarkerName,
        AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes =>
            $"{e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowType?.Name} {e.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId}",
        AttributesOneofCase.SignalExternalWorkflowExecutionInitiatedEventAttributes =>
            $"{e.SignalExternalWorkflowExecutionInitiatedEventAttributes.SignalName} to {e.SignalExternalWorkflowExecutionInitiatedEventAttributes.WorkflowExecution?.WorkflowId}",
        _ => "",
    };

    private static string Text(string value) => value.Length == 0 ? None : value;

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;

    private static string With(string head, string label, string value) => value.Length == 0 ? head : $"{head}, {label} {value}";
}
