namespace Hourglass.Tests.Support;

/// <summary>A clock that stands still until a test moves it, so event and start times are known exactly.</summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <summary>Moves the clock on.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
