using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker: an activity failed for good on <paramref name="Attempt"/>. The history gets
/// the scheduled, started and failed events a server writes, so status with failures reports it.
/// </summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="ActivityType">The activity type name.</param>
/// <param name="Attempt">The attempt that failed (recorded on the started event).</param>
/// <param name="Failure">The activity's failure.</param>
public sealed record FailActivity(WorkflowHandle Handle, string ActivityType, int Attempt, Failure Failure) : MockControl(Handle)
{
    /// <summary>Fails with an application failure of the given message and type.</summary>
    public FailActivity(WorkflowHandle handle, string activityType, int attempt, string message, string errorType = "Error")
        : this(handle, activityType, attempt, MockFailures.Application(message, errorType))
    {
    }

    internal override void Validate(ref Validator v)
    {
        v.Id(ActivityType, nameof(ActivityType));
        if (Attempt < 1) v.Fail(nameof(Attempt), $"must be 1 or more (got {Attempt})");
        if (Failure is null) v.Fail(nameof(Failure), "is required");
    }

    internal override async ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) =>
        this with { Failure = (await EncodedAsync(codec, Failure).ConfigureAwait(false))! };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution)
    {
        temporal.RecordActivityFailure(@namespace, execution, ActivityType, Attempt, Failure);
        return temporal.CurrentRun(@namespace, execution);
    }
}
