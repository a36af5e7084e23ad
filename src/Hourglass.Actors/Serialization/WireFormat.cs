using System.Runtime.Serialization;
using Google.Protobuf;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Serialization;

/// <summary>
/// Converts the parts Hourglass messages are made of to and from their protobuf form
/// (<c>hourglass.proto</c>), keeping null apart from empty everywhere. Temporal messages are
/// written as their own bytes.
/// </summary>
internal static class WireFormat
{
    // ---- Temporal messages as their own bytes ----

    public static ByteString Bytes(IMessage message) => message.ToByteString();

    public static T Parse<T>(MessageParser<T> parser, ByteString bytes) where T : IMessage<T> => parser.ParseFrom(bytes);

    // ---- handle ----

    public static P.Handle? Write(WorkflowHandle? handle)
    {
        if (handle is null) return null;
        var m = new P.Handle();
        if (handle.Namespace is not null) m.Namespace = handle.Namespace;
        if (handle.WorkflowId is not null) m.WorkflowId = handle.WorkflowId;
        if (handle.RunId is not null) m.RunId = handle.RunId;
        return m;
    }

    public static WorkflowHandle Read(P.Handle? m) =>
        m is null
            ? null!
            : new WorkflowHandle(Str(m.HasNamespace, m.Namespace)!, Str(m.HasWorkflowId, m.WorkflowId)!, Str(m.HasRunId, m.RunId)!);

    // ---- scalars ----

    /// <summary>A string field read back: null when it was absent.</summary>
    public static string? Str(bool has, string value) => has ? value : null;

    public static TimeSpan? Span(bool has, long ticks) => has ? TimeSpan.FromTicks(ticks) : null;

    public static P.Instant? Write(DateTimeOffset? time) =>
        time is { } t ? new P.Instant { UtcTicks = t.UtcTicks, OffsetMinutes = (int)t.Offset.TotalMinutes } : null;

    public static DateTimeOffset? ReadInstant(P.Instant? m) =>
        m is null
            ? null
            : new DateTimeOffset(new DateTime(m.UtcTicks, DateTimeKind.Utc)).ToOffset(TimeSpan.FromMinutes(m.OffsetMinutes));

    // ---- payloads ----

    public static P.PayloadList? Write(IReadOnlyList<Payload>? payloads)
    {
        if (payloads is null) return null;
        var list = new P.PayloadList();
        foreach (var payload in payloads)
            list.Items.Add(payload is null ? new P.PayloadItem() : new P.PayloadItem { Payload = payload.ToByteString() });
        return list;
    }

    public static IReadOnlyList<Payload> Read(P.PayloadList? list)
    {
        if (list is null) return null!;
        var payloads = new Payload[list.Items.Count];
        for (var i = 0; i < payloads.Length; i++)
        {
            var item = list.Items[i];
            payloads[i] = item.HasPayload ? Payload.Parser.ParseFrom(item.Payload) : null!;
        }
        return payloads;
    }

    public static P.Memo? Write(IReadOnlyDictionary<string, Payload>? memo)
    {
        if (memo is null) return null;
        var m = new P.Memo();
        foreach (var (key, payload) in memo)
        {
            var entry = new P.MemoEntry { Key = key };
            if (payload is not null) entry.Payload = payload.ToByteString();
            m.Entries.Add(entry);
        }
        return m;
    }

    public static IReadOnlyDictionary<string, Payload>? Read(P.Memo? m)
    {
        if (m is null) return null;
        var memo = new Dictionary<string, Payload>(m.Entries.Count);
        foreach (var entry in m.Entries)
            memo.Add(entry.Key, entry.HasPayload ? Payload.Parser.ParseFrom(entry.Payload) : null!);
        return memo;
    }

    public static Failure? ReadFailure(bool has, ByteString bytes) => has ? Failure.Parser.ParseFrom(bytes) : null;

    public static Payload? ReadPayload(bool has, ByteString bytes) => has ? Payload.Parser.ParseFrom(bytes) : null;

    // ---- status ----

    public static P.WorkflowStatus? Write(WorkflowStatus? status)
    {
        if (status is null) return null;
        var m = new P.WorkflowStatus
        {
            Handle = Write(status.Handle),
            State = (int)status.State,
            StartTime = Write(status.StartTime),
            CloseTime = Write(status.CloseTime),
            HistoryLength = status.HistoryLength,
            CancelRequested = status.CancelRequested,
        };
        if (status.WorkflowType is not null) m.WorkflowType = status.WorkflowType;
        if (status.TaskQueue is not null) m.TaskQueue = status.TaskQueue;
        if (status.PendingActivities is not null)
        {
            m.PendingActivities = new P.PendingActivityList();
            foreach (var activity in status.PendingActivities)
                m.PendingActivities.Items.Add(Write(activity ?? throw NullElement("WorkflowStatus.PendingActivities")));
        }
        if (status.RecentFailures is not null)
        {
            m.RecentFailures = new P.ActivityFailureList();
            foreach (var failure in status.RecentFailures)
                m.RecentFailures.Items.Add(Write(failure ?? throw NullElement("WorkflowStatus.RecentFailures")));
        }
        return m;
    }

    public static WorkflowStatus? Read(P.WorkflowStatus? m) =>
        m is null
            ? null
            : new WorkflowStatus(
                Read(m.Handle),
                (WorkflowState)m.State,
                Str(m.HasWorkflowType, m.WorkflowType)!,
                ReadInstant(m.StartTime),
                ReadInstant(m.CloseTime),
                m.PendingActivities is null ? null! : m.PendingActivities.Items.Select(Read).ToArray(),
                m.RecentFailures?.Items.Select(Read).ToArray())
            {
                TaskQueue = Str(m.HasTaskQueue, m.TaskQueue)!,
                HistoryLength = m.HistoryLength,
                CancelRequested = m.CancelRequested,
            };

    private static P.PendingActivity Write(PendingActivity activity)
    {
        var m = new P.PendingActivity
        {
            Attempt = activity.Attempt,
            MaximumAttempts = activity.MaximumAttempts,
            LastStartedTime = Write(activity.LastStartedTime),
        };
        if (activity.ActivityId is not null) m.ActivityId = activity.ActivityId;
        if (activity.ActivityType is not null) m.ActivityType = activity.ActivityType;
        if (activity.LastFailure is not null) m.LastFailure = Bytes(activity.LastFailure);
        return m;
    }

    private static PendingActivity Read(P.PendingActivity m) =>
        new(Str(m.HasActivityId, m.ActivityId)!, Str(m.HasActivityType, m.ActivityType)!, m.Attempt,
            ReadFailure(m.HasLastFailure, m.LastFailure))
        {
            MaximumAttempts = m.MaximumAttempts,
            LastStartedTime = ReadInstant(m.LastStartedTime),
        };

    private static P.ActivityFailureRecord Write(ActivityFailureRecord record)
    {
        var m = new P.ActivityFailureRecord
        {
            Attempt = record.Attempt,
            Time = Write(record.Time),
            EventId = record.EventId,
        };
        if (record.ActivityId is not null) m.ActivityId = record.ActivityId;
        if (record.ActivityType is not null) m.ActivityType = record.ActivityType;
        if (record.Failure is not null) m.Failure = Bytes(record.Failure);
        return m;
    }

    private static ActivityFailureRecord Read(P.ActivityFailureRecord m) =>
        new(Str(m.HasActivityId, m.ActivityId)!, Str(m.HasActivityType, m.ActivityType)!, m.Attempt,
            ReadFailure(m.HasFailure, m.Failure)!, ReadInstant(m.Time) ?? default, m.EventId);

    // ---- error ----

    public static P.HourglassError? Write(HourglassError? error)
    {
        if (error is null) return null;
        var m = new P.HourglassError { Kind = (int)error.Kind, LastStatus = Write(error.LastStatus) };
        if (error.Message is not null) m.Message = error.Message;
        if (error.Detail is not null) m.Detail = error.Detail;
        if (error.ExistingRunId is not null) m.ExistingRunId = error.ExistingRunId;
        if (error.GrpcCode is { } code) m.GrpcCode = code;
        if (error.WorkflowState is { } state) m.WorkflowState = (int)state;
        if (error.Failure is not null) m.Failure = Bytes(error.Failure);
        return m;
    }

    public static HourglassError Read(P.HourglassError? m) =>
        m is null
            ? null!
            : new HourglassError((ErrorKind)m.Kind, Str(m.HasMessage, m.Message)!, Str(m.HasDetail, m.Detail))
            {
                ExistingRunId = Str(m.HasExistingRunId, m.ExistingRunId),
                GrpcCode = m.HasGrpcCode ? m.GrpcCode : null,
                LastStatus = Read(m.LastStatus),
                WorkflowState = m.HasWorkflowState ? (WorkflowState)m.WorkflowState : null,
                Failure = ReadFailure(m.HasFailure, m.Failure),
            };

    // ---- lists of strings ----

    public static P.StringList? Write(IReadOnlyList<string>? items, string what)
    {
        if (items is null) return null;
        var list = new P.StringList();
        foreach (var item in items) list.Items.Add(item ?? throw NullElement(what));
        return list;
    }

    public static IReadOnlyList<string> Read(P.StringList? list) => list is null ? null! : list.Items.ToArray();

    public static SerializationException NullElement(string what) =>
        new($"{what} holds a null element, which the Hourglass wire format cannot carry");
}
