using Temporalio.Api.History.V1;

namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="FetchHistory"/>: every event of the execution, all pages joined.</summary>
/// <param name="Handle">The handle as asked.</param>
/// <param name="History">The decoded Temporal history.</param>
public sealed record HistoryFetched(WorkflowHandle Handle, History History) : IHourglassReply;
