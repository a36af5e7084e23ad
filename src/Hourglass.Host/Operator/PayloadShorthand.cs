using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Common.V1;

namespace Hourglass.Host.Operator;

/// <summary>
/// Payloads in proto JSON as the Temporal CLI prints them by default ("shorthand"): a payload whose
/// encoding is <c>json/plain</c> becomes its JSON value, <c>binary/null</c> becomes <c>null</c>, a
/// <c>json/protobuf</c> one its message's JSON with <c>_protoMessageType</c>, and a <c>Payloads</c>
/// whose every payload can be shown so becomes an array of values. Anything else (bytes, an encoding
/// not decoded) keeps the canonical <c>{"metadata": …, "data": …}</c> form.
/// </summary>
/// <remarks>
/// The rules are those of Temporal's Go API (<c>common/v1/payload_json.go</c>), which the Temporal
/// CLI uses for <c>-o json</c>. The message is walked by its descriptor beside its JSON.
/// </remarks>
internal static class PayloadShorthand
{
    private const string MessageTypeKey = "_protoMessageType";

    /// <summary>Rewrites, in <paramref name="json"/> (the proto JSON of <paramref name="message"/>), every payload it can.</summary>
    public static void Apply(IMessage message, JsonNode? json)
    {
        if (json is not JsonObject obj) return;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message || !obj.TryGetPropertyValue(field.JsonName, out var node) || node is null) continue;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                if (node is not JsonObject entries) continue;
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    var key = MapKey(entry.Key);
                    if (entries[key] is { } item && Replacement((IMessage)entry.Value!, item, out var replacement)) entries[key] = replacement;
                }
            }
            else if (field.IsRepeated)
            {
                if (node is not JsonArray items) continue;
                var list = (IList)value;
                for (var i = 0; i < list.Count && i < items.Count; i++)
                {
                    if (items[i] is { } item && Replacement((IMessage)list[i]!, item, out var replacement)) items[i] = replacement;
                }
            }
            else if (value is IMessage child && Replacement(child, node, out var replacement))
            {
                obj[field.JsonName] = replacement;
            }
        }
    }

    // True with the shorthand for a payload, or for payloads that all have one; otherwise false,
    // with the message's own node rewritten in place.
    private static bool Replacement(IMessage message, JsonNode node, out JsonNode? replacement)
    {
        replacement = null;
        switch (message)
        {
            case Payload payload:
                return Shorthand(payload, out replacement);
            case Payloads payloads:
                var values = new List<JsonNode?>();
                foreach (var p in payloads.Payloads_)
                {
                    if (!Shorthand(p, out var v)) break;
                    values.Add(v);
                }
                if (values.Count == payloads.Payloads_.Count)
                {
                    replacement = new JsonArray(values.ToArray());
                    return true;
                }
                break;
        }
        Apply(message, node);
        return false;
    }

    private static bool Shorthand(Payload payload, out JsonNode? value)
    {
        value = null;
        var encoding = payload.Metadata.TryGetValue("encoding", out var e) ? e.ToStringUtf8() : "";
        try
        {
            switch (encoding)
            {
                case "binary/null":
                    return true;
                case "json/plain" when payload.Metadata.Count == 1:
                    value = JsonNode.Parse(payload.Data.Span);
                    return true;
                case "json/protobuf" when payload.Metadata.Count == 2
                                          && payload.Metadata.TryGetValue("messageType", out var type) && !type.IsEmpty:
                    if (JsonNode.Parse(payload.Data.Span) is not JsonObject message) return false;
                    message[MessageTypeKey] = type.ToStringUtf8();
                    value = message;
                    return true;
                default:
                    return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string MapKey(object key) => key switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };
}
