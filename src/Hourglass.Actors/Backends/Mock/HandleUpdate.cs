using Akka.Actor;
using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker's update validator and handler: from now on every update named
/// <paramref name="UpdateName"/> on any run of the handle's workflow id is decided by
/// <paramref name="Handler"/> (with the update's arguments) — complete, fail, reject, or accept to
/// finish later — replacing any handler before it; updates already waiting for it are handed to it.
/// Answered with <see cref="MockWorkflowUpdated"/> (the handle as given). Local only: it holds a
/// delegate and cannot cross a node — <see cref="AnswerUpdate"/> can.
/// </summary>
/// <param name="Handle">The workflow; its run id must be empty (a handler serves every run, as a worker does).</param>
/// <param name="UpdateName">The update name it handles.</param>
/// <param name="Handler">Decides each update: <see cref="UpdateAnswer.Complete"/>, <see cref="UpdateAnswer.Fail(string, string)"/>, <see cref="UpdateAnswer.Reject(string, string)"/>, <see cref="UpdateAnswer.Accept"/>.</param>
public sealed record HandleUpdate(WorkflowHandle Handle, string UpdateName, Func<IReadOnlyList<Payload>, UpdateAnswer> Handler)
    : MockControl(Handle), INoSerializationVerificationNeeded
{
    internal override void Validate(ref Validator v)
    {
        MockHandlers.CheckWorkflowOnly(Handle, ref v);
        v.Id(UpdateName, nameof(UpdateName));
        if (Handler is null) v.Fail(nameof(Handler), "is required");
    }

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution)
    {
        var handler = Handler;
        temporal.SetUpdateHandler(@namespace, execution.WorkflowId, UpdateName, call => handler(call.Args));
        return execution;
    }
}
