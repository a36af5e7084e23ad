namespace Hourglass.Status;

/// <summary>
/// The status, await and watch queries a router has in flight, counted where they start (the
/// router) and where they end (the router for status queries, the history polls for awaits and
/// watches), against <c>hourglass.max-queries</c>. Thread-safe.
/// </summary>
internal sealed class QueryCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts one more, unless <paramref name="limit"/> are in flight already; false then.</summary>
    public bool TryStart(int limit)
    {
        while (true)
        {
            var now = Volatile.Read(ref _count);
            if (now >= limit) return false;
            if (Interlocked.CompareExchange(ref _count, now + 1, now) == now) return true;
        }
    }

    public void Ended() => Interlocked.Decrement(ref _count);
}
