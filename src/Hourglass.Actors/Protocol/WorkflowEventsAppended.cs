using Temporalio.Api.History.V1;

namespace Hourglass.Protocol;

/// <summary>
/// What a <see cref="WatchWorkflow"/> subscriber receives as the history grows: the next events, in
/// order, each exactly once.
/// </summary>
/// <param name="Handle">The execution, with the run id the events belong to.</param>
/// <param name="Events">The events, oldest first.</param>
public sealed record WorkflowEventsAppended(WorkflowHandle Handle, IReadOnlyList<HistoryEvent> Events) : IHourglassReply;
