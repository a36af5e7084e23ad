using Temporalio.Api.Failure.V1;

namespace Hourglass.Backends.Mock;

/// <summary>Temporal failures as an SDK worker would report them.</summary>
public static class MockFailures
{
    /// <summary>An application failure with the given message and error type.</summary>
    /// <param name="message">The failure's message.</param>
    /// <param name="errorType">The application error type (a retry policy's non-retryable types name these).</param>
    /// <param name="nonRetryable">True for a failure no retry policy retries (<c>ApplicationFailureInfo.non_retryable</c>).</param>
    public static Failure Application(string message, string errorType = "Error", bool nonRetryable = false) => new()
    {
        Message = message,
        Source = "Hourglass.Mock",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = errorType, NonRetryable = nonRetryable },
    };
}
