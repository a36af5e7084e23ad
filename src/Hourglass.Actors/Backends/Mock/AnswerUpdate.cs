using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker's update validator and handler with a fixed decision: every update named
/// <paramref name="UpdateName"/> on any run of the handle's workflow id gets <paramref name="Answer"/>
/// (complete with a result, fail, reject, or accept only), replacing any handler before it. Unlike
/// <see cref="HandleUpdate"/> it holds no delegate, so it can be sent from another node. Answered with
/// <see cref="MockWorkflowUpdated"/> (the handle as given).
/// </summary>
/// <param name="Handle">The workflow; its run id must be empty (a handler serves every run, as a worker does).</param>
/// <param name="UpdateName">The update name it handles.</param>
/// <param name="Answer">What the worker does with every such update.</param>
public sealed record AnswerUpdate(WorkflowHandle Handle, string UpdateName, UpdateAnswer Answer) : MockControl(Handle)
{
    internal override void Validate(ref Validator v)
    {
        MockHandlers.CheckWorkflowOnly(Handle, ref v);
        v.Id(UpdateName, nameof(UpdateName));
        if (Answer is null)
        {
            v.Fail(nameof(Answer), "is required");
            return;
        }
        v.Defined<UpdateAnswerKind>(Answer.Kind, nameof(Answer) + ".Kind");
        var needsFailure = Answer.Kind is UpdateAnswerKind.Failed or UpdateAnswerKind.Rejected;
        if (needsFailure && Answer.Failure is null) v.Fail(nameof(Answer) + ".Failure", $"is required for {Answer.Kind}");
        if (!needsFailure && Answer.Failure is not null) v.Fail(nameof(Answer) + ".Failure", $"must be null for {Answer.Kind}");
        if (Answer.Result is not null)
        {
            if (Answer.Kind != UpdateAnswerKind.Completed) v.Fail(nameof(Answer) + ".Result", $"must be null for {Answer.Kind}");
            v.Payloads(Answer.Result, nameof(Answer) + ".Result");
        }
    }

    // The answer as a worker with the same codec would give it: encoded.
    internal override async ValueTask<MockControl> EncodedAsync(Temporalio.Converters.IPayloadCodec codec) =>
        Answer is null
            ? this
            : this with
            {
                Answer = Answer with
                {
                    Result = Answer.Result is null ? null : await EncodedAsync(codec, Answer.Result).ConfigureAwait(false),
                    Failure = await EncodedAsync(codec, Answer.Failure).ConfigureAwait(false),
                },
            };

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution)
    {
        var answer = Answer;
        temporal.SetUpdateHandler(@namespace, execution.WorkflowId, UpdateName, _ => answer);
        return execution;
    }
}
