using System.Reflection;
using Google.Protobuf;
using Hourglass.Protocol;
using Hourglass.Tests.Serialization;
using Temporalio.Api.Common.V1;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace Hourglass.Tests.Operations;

/// <summary>
/// Made from the samples of every operation (<see cref="SampleMessages.Operations"/>): each field
/// of each operation, nested records included, set to every value the wire or a careless caller can
/// produce that Temporal would refuse — null where the type forbids it, a 10 MB string, a lone
/// surrogate, durations at TimeSpan's ends, unknown enum values, null list elements, bad memo keys
/// and retry policies. A field of a type this walker does not know fails the walk, so a new field
/// cannot go unchecked.
/// </summary>
public static class InvalidInputs
{
    /// <summary>One invalid request and the field its error must name (<c>Operation.Field</c>).</summary>
    /// <param name="Name">What is wrong with it.</param>
    /// <param name="Request">The request.</param>
    /// <param name="Field">The field the error names.</param>
    /// <param name="SurvivesTheWire">
    /// False for a lone surrogate: protobuf encodes it as U+FFFD, so after serialization (any
    /// message between nodes, every message with serialize-messages on) the string is valid.
    /// </param>
    public sealed record Case(string Name, IHourglassRequest Request, string Field, bool SurvivesTheWire);

    private const string LoneSurrogate = "an unpaired surrogate";

    private const int Huge = 10 * 1024 * 1024;
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly Lazy<IReadOnlyDictionary<string, Case>> Cases = new(Build);

    public static IReadOnlyDictionary<string, Case> All => Cases.Value;

    /// <summary>The names of the cases that can be sent as messages (see <see cref="Case.SurvivesTheWire"/>).</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Values.Where(c => c.SurvivesTheWire)) data.Add(c.Name);
        return data;
    }

    private static IReadOnlyDictionary<string, Case> Build()
    {
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (var sample in SampleMessages.Operations())
        {
            var operation = sample.GetType().Name;
            foreach (var (request, path, what) in Mutations(sample, ""))
                cases.Add($"{operation}.{path}: {what}",
                    new Case($"{operation}.{path}: {what}", (IHourglassRequest)request, $"{operation}.{path}", what != LoneSurrogate));
        }
        return cases;
    }

    private static IEnumerable<(object Mutated, string Path, string What)> Mutations(object message, string prefix)
    {
        var properties = message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);
        foreach (var property in properties)
        {
            var path = prefix + property.Name;
            foreach (var (bad, what) in BadValues(property))
                yield return (With(message, property, bad), path, what);

            if (property.PropertyType.Namespace == typeof(WorkflowHandle).Namespace && property.GetValue(message) is { } inner
                && inner.GetType().GetMethod("<Clone>$") is not null)
            {
                foreach (var (mutated, innerPath, what) in Mutations(inner, path + "."))
                    yield return (With(message, property, mutated), innerPath, what);
            }
        }
    }

    private static IEnumerable<(object? Value, string What)> BadValues(PropertyInfo property)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var mayBeNull = underlying is not null || Nullability.Create(property).WriteState != NullabilityState.NotNull;
        if (!mayBeNull && !type.IsValueType) yield return (null, "null");

        switch (underlying ?? type)
        {
            case var t when t == typeof(string):
                yield return (new string('x', Huge), "10 MB");
                yield return ("a\uD800b", LoneSurrogate);
                break;
            case var t when t == typeof(TimeSpan):
                yield return (TimeSpan.MaxValue, "TimeSpan.MaxValue");
                yield return (TimeSpan.MinValue, "TimeSpan.MinValue");
                break;
            case var t when t.IsEnum:
                yield return (Enum.ToObject(t, 9999), "an unknown enum value");
                break;
            case var t when t == typeof(IReadOnlyList<Payload>):
                yield return (new Payload[] { null! }, "a null element");
                yield return (new[] { new Payload { Data = ByteString.CopyFrom(new byte[Huge]) } }, "a 10 MB payload");
                break;
            case var t when t == typeof(Payload):
                yield return (new Payload { Data = ByteString.CopyFrom(new byte[Huge]) }, "a 10 MB payload");
                break;
            case var t when t == typeof(IReadOnlyDictionary<string, Payload>):
                yield return (new Dictionary<string, Payload> { ["k"] = null! }, "a null value");
                yield return (new Dictionary<string, Payload> { [""] = HourglassPayload.From(1) }, "an empty key");
                yield return (new Dictionary<string, Payload> { [new string('k', Huge)] = HourglassPayload.From(1) }, "a 10 MB key");
                break;
            case var t when t == typeof(IReadOnlyDictionary<string, SearchAttributeValue>):
                foreach (var bad in BadSearchAttributes()) yield return bad;
                break;
            case var t when t == typeof(RetryPolicy):
                yield return (new RetryPolicy { BackoffCoefficient = 0.5 }, "a backoff coefficient below 1");
                yield return (new RetryPolicy { InitialInterval = new Duration { Seconds = -1 } }, "a negative interval");
                yield return (new RetryPolicy { MaximumAttempts = -1 }, "negative attempts");
                yield return (new RetryPolicy { NonRetryableErrorTypes = { new string('e', Huge) } }, "a 10 MB error type");
                break;
            case var t when t == typeof(ByteString):
                yield return (ByteString.CopyFrom(new byte[Huge]), "10 MB");
                break;
            case var t when t == typeof(int):
                yield return (-1, "negative");
                yield return (int.MinValue, "int.MinValue");
                break;
            case var t when t == typeof(bool):
                break;
            case var t when t == typeof(long):
                yield return (0L, "zero");
                yield return (long.MinValue, "long.MinValue");
                break;
            case var t when t.Namespace == typeof(WorkflowHandle).Namespace && t.GetMethod("<Clone>$") is not null:
                break; // a nested record: its own fields are walked
            default:
                throw new InvalidOperationException(
                    $"{property.DeclaringType!.Name}.{property.Name} is a {type.Name}, for which the walker knows no invalid values: add them here");
        }
    }

    // What Temporal's search attribute validator refuses, and what the namespace cannot check for us.
    private static IEnumerable<(object? Value, string What)> BadSearchAttributes()
    {
        static Dictionary<string, SearchAttributeValue> One(string name, SearchAttributeValue value) => new() { [name] = value };
        yield return (One("CustomKeywordField", null!), "a null value");
        yield return (One("", SearchAttributeValue.Keyword("x")), "an empty name");
        yield return (One(new string('k', Huge), SearchAttributeValue.Keyword("x")), "a 10 MB name");
        yield return (One("WorkflowId", SearchAttributeValue.Keyword("x")), "a system attribute");
        yield return (One("CustomDoubleField", SearchAttributeValue.Double(double.NaN)), "a NaN double");
        yield return (One("CustomDoubleField", SearchAttributeValue.Double(double.PositiveInfinity)), "an infinite double");
        yield return (One("CustomDatetimeField", SearchAttributeValue.Datetime(default)), "default(DateTimeOffset)");
        yield return (One("CustomDatetimeField", SearchAttributeValue.Datetime(DateTimeOffset.MaxValue)), "DateTimeOffset.MaxValue");
        yield return (One("CustomKeywordField", SearchAttributeValue.Keyword(new string('x', 3000))), "a 3000-byte value");
        yield return (One("CustomKeywordListField", SearchAttributeValue.KeywordList(Enumerable.Repeat("tag", 500).ToArray())), "a 3000-byte keyword list");
        yield return (Enumerable.Range(0, 101).ToDictionary(i => $"Attribute{i}", i => SearchAttributeValue.Int(i)), "101 attributes");
        yield return (Enumerable.Range(0, 25).ToDictionary(i => $"Attribute{i}", _ => SearchAttributeValue.Keyword(new string('x', 1900))), "48 KB of attributes");
    }

    private static object With(object record, PropertyInfo property, object? value)
    {
        var copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(copy, value);
        return copy;
    }
}
