using System.Buffers;

namespace Hourglass.Operations;

/// <summary>What a namespace name may be: 1 to 255 letters, digits, '.', '-' or '_', starting and ending with a letter or digit.</summary>
internal static class NamespaceNames
{
    /// <summary>Why <paramref name="name"/> is not a namespace name, or null when it is one.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "must not be empty";
        if (name.Length > TemporalLimits.MaxNamespaceLength || !IsAlphanumeric(name[0]) || !IsAlphanumeric(name[^1]))
            return Rule;
        return name.AsSpan().ContainsAnyExcept(Allowed) ? Rule : null;
    }

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");

    private const string Rule =
        "is not a namespace name: 1 to 255 letters, digits, '.', '-' or '_', starting and ending with a letter or digit";

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
