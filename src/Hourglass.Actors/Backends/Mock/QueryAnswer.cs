using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// What a test playing the worker answers a query with: a result, or a failure (the query handler
/// threw). The in-memory Temporal sends a result back as the query's answer and a failure as a
/// server does: INVALID_ARGUMENT with the failure's message and a <c>QueryFailedFailure</c> detail.
/// </summary>
/// <param name="Result">The answer's payloads; null when it is a failure.</param>
/// <param name="Failure">The handler's failure; null when it is a result.</param>
public sealed record QueryAnswer(IReadOnlyList<Payload>? Result, Failure? Failure)
{
    /// <summary>A result of plain .NET values (usually one), encoded as payloads.</summary>
    public static QueryAnswer Of(params object?[] values) => new(HourglassPayload.FromValues(values), null);

    /// <summary>A result of payloads.</summary>
    public static QueryAnswer OfPayloads(IReadOnlyList<Payload> result) => new(result ?? throw new ArgumentNullException(nameof(result)), null);

    /// <summary>A failed query: an application failure with the given message and error type.</summary>
    public static QueryAnswer Fail(string message, string errorType = "Error") => new(null, MockFailures.Application(message, errorType));

    /// <summary>A failed query with the failure an SDK worker would report.</summary>
    public static QueryAnswer Fail(Failure failure) => new(null, failure ?? throw new ArgumentNullException(nameof(failure)));

    /// <summary>True when the answer is a failure.</summary>
    public bool Failed => Failure is not null;
}
