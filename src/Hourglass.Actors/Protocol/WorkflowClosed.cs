using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Converters;

namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="AwaitWorkflow"/>: the workflow closed, in any way.</summary>
/// <param name="Handle">The execution, with the run id that closed.</param>
/// <param name="Status">The closing status.</param>
/// <param name="Result">The result payload when it completed (null for no result and every other state).</param>
/// <param name="Failure">The workflow's failure when it failed; null otherwise.</param>
public sealed record WorkflowClosed(WorkflowHandle Handle, WorkflowStatus Status, Payload? Result, Failure? Failure = null)
    : IHourglassReply
{
    /// <summary>Decodes the result with <see cref="HourglassPayload.DefaultConverter"/>; throws when there is none.</summary>
    public T ResultAs<T>() => ResultAs<T>(HourglassPayload.DefaultConverter);

    /// <summary>Decodes the result with <paramref name="converter"/>; throws when there is none.</summary>
    /// <remarks>The result arrives decoded by the backend's payload codec; only the converter is applied here.</remarks>
    public T ResultAs<T>(IPayloadConverter converter) =>
        Result is null
            ? throw new InvalidOperationException($"workflow {Handle} closed {Status.State} without a result")
            : Result.ToValue<T>(converter);
}
