using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Converters;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker: the workflow waits on an activity that is on <paramref name="Attempt"/>,
/// as describe's pending activities report it (replacing one of the same type).
/// </summary>
/// <param name="Handle">The run; an empty run id means the latest.</param>
/// <param name="ActivityType">The activity type name.</param>
/// <param name="Attempt">The attempt in progress.</param>
/// <param name="LastFailure">The previous attempt's failure, or null.</param>
public sealed record SetPendingActivity(WorkflowHandle Handle, string ActivityType, int Attempt, Failure? LastFailure = null)
    : MockControl(Handle)
{
    internal override void Validate(ref Validator v)
    {
        v.Id(ActivityType, nameof(ActivityType));
        if (Attempt < 1) v.Fail(nameof(Attempt), $"must be 1 or more (got {Attempt})");
    }

    internal override async ValueTask<MockControl> EncodedAsync(IPayloadCodec codec) =>
        LastFailure is null ? this : this with { LastFailure = await EncodedAsync(codec, LastFailure).ConfigureAwait(false) };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution)
    {
        temporal.SetPendingActivity(@namespace, execution, ActivityType, Attempt, LastFailure);
        return temporal.CurrentRun(@namespace, execution);
    }
}
