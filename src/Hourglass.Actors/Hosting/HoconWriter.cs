using System.Globalization;
using System.Text;

namespace Hourglass.Hosting;

/// <summary>Writes <c>key = value</c> lines, skipping values that were not set (null).</summary>
internal sealed class HoconWriter
{
    private readonly StringBuilder _text = new();

    public void Raw(string key, string? value)
    {
        if (value is not null) _text.Append(key).Append(" = ").AppendLine(value);
    }

    public void String(string key, string? value) => Raw(key, value is null ? null : Quote(value));

    public void Number(string key, long? value) => Raw(key, value?.ToString(CultureInfo.InvariantCulture));

    public void Duration(string key, TimeSpan? value) =>
        Raw(key, value is { } v ? ((long)v.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms" : null);

    public override string ToString() => _text.ToString();

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
