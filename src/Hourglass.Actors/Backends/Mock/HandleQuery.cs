using Akka.Actor;
using Hourglass.Operations;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Plays the worker's query handler: from now on every query of <paramref name="QueryType"/> on any
/// run of the handle's workflow id is answered by <paramref name="Handler"/> (with the query's
/// arguments), replacing any handler before it; queries already waiting for it are answered too.
/// Answered with <see cref="MockWorkflowUpdated"/> (the handle as given). Local only: it holds a
/// delegate and cannot cross a node — <see cref="AnswerQuery"/> can.
/// </summary>
/// <param name="Handle">The workflow; its run id must be empty (a handler serves every run, as a worker does).</param>
/// <param name="QueryType">The query type it answers.</param>
/// <param name="Handler">Makes the answer from the query's arguments: <see cref="QueryAnswer.Of"/> or <see cref="QueryAnswer.Fail(string, string)"/>.</param>
public sealed record HandleQuery(WorkflowHandle Handle, string QueryType, Func<IReadOnlyList<Payload>, QueryAnswer> Handler)
    : MockControl(Handle), INoSerializationVerificationNeeded
{
    internal override void Validate(ref Validator v)
    {
        MockHandlers.CheckWorkflowOnly(Handle, ref v);
        v.Id(QueryType, nameof(QueryType));
        if (Handler is null) v.Fail(nameof(Handler), "is required");
    }

    internal override WorkflowExecution ApplyTo(InMemoryTemporal temporal, string @namespace, WorkflowExecution execution)
    {
        var handler = Handler;
        temporal.SetQueryHandler(@namespace, execution.WorkflowId, QueryType, call => handler(call.Args));
        return execution;
    }
}
