using System.Globalization;
using System.Text.Json;
using Google.Protobuf;

namespace Hourglass.Backends.Mock.Visibility;

/// <summary>
/// The order ListWorkflowExecutions returns runs in, and its page token. SQL visibility sorts by
/// <c>COALESCE(close_time, '9999-12-31 23:59:59') DESC, start_time DESC, run_id</c>
/// (<c>store/sql/query_converter_legacy_mysql.go</c> <c>buildSelectStmt</c>; the same for
/// PostgreSQL and SQLite), Elasticsearch by close time then start time, descending, missing first:
/// open runs first, newest start first; then closed runs, latest close first. The page token is,
/// as the SQL store's (<c>store/sql/pagination_token_legacy.go</c>), the JSON of the last row's
/// sort key, and the next page starts strictly after it: a keyset, so runs started or closed
/// between pages neither repeat nor shift the rest.
/// </summary>
internal sealed class VisibilityOrder : IComparer<VisibilityRecord>
{
    /// <summary>The one instance.</summary>
    public static readonly VisibilityOrder Instance = new();

    /// <summary>A run's place in the order: close time in UTC ticks (<see cref="long.MaxValue"/> while open), start time, run id.</summary>
    /// <param name="CloseTicks">UTC ticks of the close time; <see cref="long.MaxValue"/> for an open run.</param>
    /// <param name="StartTicks">UTC ticks of the start time.</param>
    /// <param name="RunId">The run id, the tie-breaker.</param>
    public readonly record struct Key(long CloseTicks, long StartTicks, string RunId) : IComparable<Key>
    {
        /// <summary>Negative when this key comes first in a list.</summary>
        public int CompareTo(Key other)
        {
            var close = other.CloseTicks.CompareTo(CloseTicks);
            if (close != 0) return close;
            var start = other.StartTicks.CompareTo(StartTicks);
            return start != 0 ? start : string.CompareOrdinal(RunId, other.RunId);
        }
    }

    /// <inheritdoc />
    public int Compare(VisibilityRecord? x, VisibilityRecord? y) =>
        ReferenceEquals(x, y) ? 0 : x is null ? -1 : y is null ? 1 : x.Key.CompareTo(y.Key);

    /// <summary>The token of the page after <paramref name="last"/>.</summary>
    public static ByteString Token(Key last) => ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new TokenJson
    {
        CloseTime = last.CloseTicks == long.MaxValue ? null : Format(last.CloseTicks),
        StartTime = Format(last.StartTicks),
        RunID = last.RunId,
    }));

    /// <summary>The key a token names; null with the reason when it is not a token this engine made.</summary>
    public static Key? Read(ByteString token, out string? problem)
    {
        problem = null;
        try
        {
            var json = JsonSerializer.Deserialize<TokenJson>(token.Span);
            if (json?.StartTime is null || json.RunID is null)
            {
                problem = "StartTime and RunID are required";
                return null;
            }
            return new Key(json.CloseTime is null ? long.MaxValue : Parse(json.CloseTime), Parse(json.StartTime), json.RunID);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static string Format(long ticks) =>
        new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static long Parse(string time) =>
        DateTime.ParseExact(time, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).Ticks;

    private sealed class TokenJson
    {
        public string? CloseTime { get; set; }

        public string? StartTime { get; set; }

        public string? RunID { get; set; }
    }
}
