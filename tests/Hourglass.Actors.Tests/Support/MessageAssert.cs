using System.Collections;
using System.Reflection;
using Google.Protobuf;

namespace Hourglass.Tests.Support;

/// <summary>
/// Compares Hourglass messages by value, member by member: lists and dictionaries element-wise
/// (record equality compares them by reference), protobuf messages with their own equality,
/// <see cref="DateTimeOffset"/>s with their offsets. With <c>akka.actor.serialize-messages = on</c>
/// a reply never holds the very instance that was sent, only an equal one.
/// </summary>
public static class MessageAssert
{
    /// <summary>Fails with the path of the first member that differs.</summary>
    public static void Equivalent(object? expected, object? actual)
    {
        if (Difference(expected, actual, expected?.GetType().Name ?? "message") is { } difference)
            Assert.Fail(difference);
    }

    /// <summary>Where <paramref name="expected"/> and <paramref name="actual"/> differ, or null when they do not.</summary>
    public static string? Difference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";

        switch (expected)
        {
            case DateTimeOffset time:
                return actual is DateTimeOffset other && time.EqualsExact(other) ? null : Differs(path, expected, actual);
            case string or Type or Delegate or IMessage or IActorRef or TimeSpan or Guid or Enum or IConvertible:
                return expected.Equals(actual) ? null : Differs(path, expected, actual);
            case IDictionary dictionary:
                return DictionaryDifference(dictionary, actual as IDictionary, path);
            case IEnumerable items:
                return ListDifference(items, actual as IEnumerable, path);
        }

        if (expected.GetType() != actual.GetType())
            return $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}";
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            if (Difference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}") is { } difference)
                return difference;
        }
        return null;
    }

    private static string? ListDifference(IEnumerable expected, IEnumerable? actual, string path)
    {
        if (actual is null) return $"{path}: expected a list, got {Show(actual)}";
        var left = expected.Cast<object?>().ToList();
        var right = actual.Cast<object?>().ToList();
        if (left.Count != right.Count) return $"{path}: expected {left.Count} items, got {right.Count}";
        for (var i = 0; i < left.Count; i++)
        {
            if (Difference(left[i], right[i], $"{path}[{i}]") is { } difference) return difference;
        }
        return null;
    }

    private static string? DictionaryDifference(IDictionary expected, IDictionary? actual, string path)
    {
        if (actual is null) return $"{path}: expected a dictionary, got {Show(actual)}";
        if (expected.Count != actual.Count) return $"{path}: expected {expected.Count} entries, got {actual.Count}";
        foreach (DictionaryEntry entry in expected)
        {
            if (!actual.Contains(entry.Key)) return $"{path}: no entry [{entry.Key}]";
            if (Difference(entry.Value, actual[entry.Key], $"{path}[{entry.Key}]") is { } difference) return difference;
        }
        return null;
    }

    private static string Differs(string path, object expected, object actual) =>
        $"{path}: expected {Show(expected)}, got {Show(actual)}";

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        DateTimeOffset t => t.ToString("O"),
        _ => value.ToString() ?? value.GetType().Name,
    };
}
