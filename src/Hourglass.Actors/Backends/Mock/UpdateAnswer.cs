using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// What a test playing the worker does with an update: accept and complete it with a result, accept
/// it and fail it, reject it in the validator, or accept it and finish it later. The in-memory
/// Temporal writes the history events a server writes for each (none for a rejection).
/// </summary>
/// <param name="Kind">What the worker did.</param>
/// <param name="Result">For <see cref="UpdateAnswerKind.Completed"/>: the result payloads; null otherwise.</param>
/// <param name="Failure">For <see cref="UpdateAnswerKind.Failed"/> and <see cref="UpdateAnswerKind.Rejected"/>: the failure; null otherwise.</param>
public sealed record UpdateAnswer(UpdateAnswerKind Kind, IReadOnlyList<Payload>? Result, Failure? Failure)
{
    /// <summary>Accepted and completed with a plain .NET value as the result (null for none).</summary>
    public static UpdateAnswer Complete(object? result = null) =>
        new(UpdateAnswerKind.Completed, result is null ? [] : [HourglassPayload.From(result)], null);

    /// <summary>Accepted and completed with these result payloads.</summary>
    public static UpdateAnswer CompleteWith(IReadOnlyList<Payload> result) =>
        new(UpdateAnswerKind.Completed, result ?? throw new ArgumentNullException(nameof(result)), null);

    /// <summary>Accepted, then the handler failed with an application failure.</summary>
    public static UpdateAnswer Fail(string message, string errorType = "Error") => Fail(MockFailures.Application(message, errorType));

    /// <summary>Accepted, then the handler failed with this failure.</summary>
    public static UpdateAnswer Fail(Failure failure) =>
        new(UpdateAnswerKind.Failed, null, failure ?? throw new ArgumentNullException(nameof(failure)));

    /// <summary>Rejected by the validator with an application failure.</summary>
    public static UpdateAnswer Reject(string message, string errorType = "Error") => Reject(MockFailures.Application(message, errorType));

    /// <summary>Rejected by the validator with this failure.</summary>
    public static UpdateAnswer Reject(Failure failure) =>
        new(UpdateAnswerKind.Rejected, null, failure ?? throw new ArgumentNullException(nameof(failure)));

    /// <summary>Accepted; the outcome comes later, through <see cref="InMemoryTemporal.CompleteUpdate"/>.</summary>
    public static UpdateAnswer Accept() => new(UpdateAnswerKind.Accepted, null, null);
}
