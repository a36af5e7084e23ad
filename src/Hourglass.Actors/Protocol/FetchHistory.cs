namespace Hourglass.Protocol;

/// <summary>
/// Reads the whole event history of an execution, every page. Answered with
/// <see cref="HistoryFetched"/>.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run.</param>
public sealed record FetchHistory(WorkflowHandle Handle) : IBackendOperation<HistoryFetched>;
