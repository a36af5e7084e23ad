using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker's query handler with a fixed answer: every query of <paramref name="QueryType"/>
/// on any run of the handle's workflow id is answered <paramref name="Answer"/> (a result or a
/// failure), replacing any handler before it. Unlike <see cref="HandleQuery"/> it holds no delegate,
/// so it can be sent from another node. Answered with <see cref="MockWorkflowUpdated"/> (the handle as given).
/// </summary>
/// <param name="Handle">The workflow; its run id must be empty (a handler serves every run, as a worker does).</param>
/// <param name="QueryType">The query type it answers.</param>
/// <param name="Answer">The answer to every such query.</param>
public sealed record AnswerQuery(WorkflowHandle Handle, string QueryType, QueryAnswer Answer) : MockControl(Handle)
{
    internal override void Validate(ref Validator v)
    {
        MockHandlers.CheckWorkflowOnly(Handle, ref v);
        v.Id(QueryType, nameof(QueryType));
        if (Answer is null)
        {
            v.Fail(nameof(Answer), "is required");
            return;
        }
        if (Answer.Result is not null && Answer.Failure is not null) v.Fail(nameof(Answer), "is a result or a failure, not both");
        if (Answer.Result is not null) v.Payloads(Answer.Result, nameof(Answer) + ".Result");
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
        temporal.SetQueryHandler(@namespace, execution.WorkflowId, QueryType, _ => answer);
        return execution;
    }
}
