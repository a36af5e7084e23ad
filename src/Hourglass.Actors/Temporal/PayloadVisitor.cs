using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Temporal;

/// <summary>
/// Finds every Temporal <see cref="Payload"/> in a protobuf message — by reflection over its
/// descriptor, recursively, through repeated fields, maps and packed <see cref="Any"/>s — and
/// replaces it with what a transform (a payload codec's encode or decode) makes of it, in place.
/// </summary>
/// <remarks>
/// It walks messages the way Temporal's own payload visitor does (the Go API's
/// <c>proxy.VisitPayloads</c>, which Temporal's codec interceptors use), so every RPC, including
/// ones added later, is covered without a list of fields:
/// <list type="bullet">
/// <item>a repeated <c>Payload</c> field (the <c>payloads</c> of a <c>Payloads</c> message: workflow
/// input, results, signal input, failure details) goes to the transform as one list, and may come
/// back with another count;</item>
/// <item>a single <c>Payload</c> field and each value of a map of payloads (memo, headers,
/// a failure's encoded attributes) go one by one and must come back as exactly one;</item>
/// <item><c>SearchAttributes</c> are skipped: no Temporal SDK encodes them, and the server must read
/// them.</item>
/// </list>
/// Messages whose type cannot hold a payload are not walked at all; which types can is computed
/// once per message type.
/// </remarks>
internal static class PayloadVisitor
{
    /// <summary>What becomes of payloads: the shape of <c>IPayloadCodec.EncodeAsync</c> and <c>DecodeAsync</c>.</summary>
    public delegate Task<IReadOnlyCollection<Payload>> Transform(IReadOnlyCollection<Payload> payloads);

    // The packed messages an Any may carry: every message of the WorkflowService and its
    // dependencies (FromFiles adds them), and the failure details of gRPC errors.
    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        StartWorkflowExecutionRequest.Descriptor.File, QueryFailedFailure.Descriptor.File);

    private static readonly ConcurrentDictionary<MessageDescriptor, Step[]> Plans = new();

    private enum Kind
    {
        Payload,
        PayloadList,
        PayloadMap,
        Message,
        MessageList,
        MessageMap,
    }

    private sealed record Step(FieldDescriptor Field, Kind Kind);

    /// <summary>True when a message of this type can hold a payload somewhere (search attributes aside).</summary>
    public static bool MayHold(MessageDescriptor descriptor) => PlanOf(descriptor).Length > 0;

    /// <summary>Replaces every payload in <paramref name="message"/> with its transform, in place.</summary>
    /// <exception cref="InvalidOperationException">The transform gave other than one payload where one is required.</exception>
    public static Task VisitAsync(IMessage message, Transform transform)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(transform);
        return VisitMessageAsync(message, transform);
    }

    /// <summary>A copy of <paramref name="message"/> with every payload transformed; the message itself is untouched.</summary>
    public static async Task<T> TransformedCopyAsync<T>(T message, Transform transform) where T : IMessage<T>
    {
        if (!MayHold(message.Descriptor)) return message;
        var copy = message.Clone();
        await VisitMessageAsync(copy, transform).ConfigureAwait(false);
        return copy;
    }

    /// <summary>True when the packed message's type is known and can hold a payload.</summary>
    public static bool MayHold(Any any) =>
        Registry.Find(Any.GetTypeName(any.TypeUrl)) is { } descriptor && MayHold(descriptor);

    private static async Task VisitMessageAsync(IMessage message, Transform transform)
    {
        if (message is Any any)
        {
            await VisitAnyAsync(any, transform).ConfigureAwait(false);
            return;
        }
        foreach (var step in PlanOf(message.Descriptor))
        {
            var accessor = step.Field.Accessor;
            switch (step.Kind)
            {
                case Kind.Payload:
                    if (accessor.GetValue(message) is Payload payload)
                        accessor.SetValue(message, await OneAsync(payload, transform).ConfigureAwait(false));
                    break;
                case Kind.PayloadList:
                    var list = (IList)accessor.GetValue(message);
                    if (list.Count == 0) break;
                    var transformed = await transform(list.Cast<Payload>().ToArray()).ConfigureAwait(false);
                    list.Clear();
                    foreach (var item in transformed) list.Add(item);
                    break;
                case Kind.PayloadMap:
                    var map = (IDictionary)accessor.GetValue(message);
                    foreach (var key in map.Keys.Cast<object>().ToArray())
                        map[key] = await OneAsync((Payload)map[key]!, transform).ConfigureAwait(false);
                    break;
                case Kind.Message:
                    if (accessor.GetValue(message) is IMessage child)
                        await VisitMessageAsync(child, transform).ConfigureAwait(false);
                    break;
                case Kind.MessageList:
                    foreach (var element in (IList)accessor.GetValue(message))
                        await VisitMessageAsync((IMessage)element, transform).ConfigureAwait(false);
                    break;
                case Kind.MessageMap:
                    foreach (var value in ((IDictionary)accessor.GetValue(message)).Values)
                        await VisitMessageAsync((IMessage)value, transform).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async Task VisitAnyAsync(Any any, Transform transform)
    {
        if (Registry.Find(Any.GetTypeName(any.TypeUrl)) is not { } descriptor || !MayHold(descriptor)) return;
        var packed = descriptor.Parser.ParseFrom(any.Value);
        await VisitMessageAsync(packed, transform).ConfigureAwait(false);
        any.Value = packed.ToByteString();
    }

    private static async Task<Payload> OneAsync(Payload payload, Transform transform)
    {
        var transformed = await transform([payload]).ConfigureAwait(false);
        return transformed.Count == 1
            ? transformed.First()
            : throw new InvalidOperationException(
                $"the payload codec made {transformed.Count} payloads of one, where Temporal's message has room for exactly one");
    }

    private static Step[] PlanOf(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, Plan);

    // The fields of a message type through which a payload can be reached.
    private static Step[] Plan(MessageDescriptor descriptor)
    {
        if (descriptor == Payload.Descriptor || descriptor == SearchAttributes.Descriptor) return [];
        var steps = new List<Step>();
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (Target(field) is not { } target) continue;
            if (target == Payload.Descriptor)
                steps.Add(new Step(field, field.IsMap ? Kind.PayloadMap : field.IsRepeated ? Kind.PayloadList : Kind.Payload));
            else if (Reaches(target))
                steps.Add(new Step(field, field.IsMap ? Kind.MessageMap : field.IsRepeated ? Kind.MessageList : Kind.Message));
        }
        return steps.ToArray();
    }

    // The message type a field holds (for a map, its values'); null for scalars.
    private static MessageDescriptor? Target(FieldDescriptor field)
    {
        if (field.FieldType != FieldType.Message) return null;
        if (!field.IsMap) return field.MessageType;
        var value = field.MessageType.FindFieldByNumber(2);
        return value.FieldType == FieldType.Message ? value.MessageType : null;
    }

    // Whether a payload can be reached from a message of this type: a search over the types its
    // fields hold (cycles, such as a failure's cause, end where they were seen). An Any might
    // carry one; search attributes do not count.
    private static bool Reaches(MessageDescriptor root)
    {
        var seen = new HashSet<MessageDescriptor>();
        var pending = new Stack<MessageDescriptor>();
        pending.Push(root);
        while (pending.TryPop(out var type))
        {
            if (type == Payload.Descriptor || type == Any.Descriptor) return true;
            if (type == SearchAttributes.Descriptor || !seen.Add(type)) continue;
            foreach (var field in type.Fields.InFieldNumberOrder())
            {
                if (Target(field) is { } target) pending.Push(target);
            }
        }
        return false;
    }
}
