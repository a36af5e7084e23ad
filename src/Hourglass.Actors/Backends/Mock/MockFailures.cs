using Temporalio.Api.Failure.V1;

namespace Hourglass.Backends.Mock;

/// <summary>Temporal failures as an SDK worker would report them.</summary>
public static class MockFailures
{
    /// <summary>An application failure with the given message and error type.</summary>
    public static Failure Application(string message, string errorType = "Error") => new()
    {
        Message = message,
        Source = "Hourglass.Mock",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = errorType },
    };
}
