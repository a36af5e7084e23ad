namespace Hourglass.Tests.Integration;

/// <summary>
/// A test against a real Temporal server: it runs when TEMPORAL_ADDRESS is set (for example to a
/// <c>temporal server start-dev</c> on localhost:7233) and is reported skipped, with the reason, otherwise.
/// </summary>
public sealed class RealServerFactAttribute : FactAttribute
{
    public RealServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS")))
            Skip = "integration: set TEMPORAL_ADDRESS (e.g. localhost:7233 for `temporal server start-dev`) to run against a real Temporal server";
    }
}
