using Temporalio.Api.Common.V1;

namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="QueryWorkflow"/>: what the workflow's query handler answered.</summary>
/// <param name="Handle">The handle as asked.</param>
/// <param name="QueryType">The query that was run.</param>
/// <param name="Result">The handler's answer as payloads (usually one; empty when it answered nothing).</param>
public sealed record WorkflowQueried(WorkflowHandle Handle, string QueryType, IReadOnlyList<Payload> Result) : IHourglassReply
{
    /// <summary>Decodes the first payload of the answer; throws when the handler answered nothing.</summary>
    public T ResultAs<T>() =>
        Result is { Count: > 0 }
            ? Result[0].ToValue<T>()
            : throw new InvalidOperationException($"query {QueryType} of {Handle} answered nothing");
}
