using Google.Protobuf;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Protocol;

/// <summary>
/// One long poll of a workflow's history (GetWorkflowExecutionHistory with <c>wait_new_event</c>):
/// the server answers when there are events past <see cref="NextPageToken"/> (ALL_EVENT), when the
/// run closes (CLOSE_EVENT: the close event only), or when its poll expires (about 20 s) with no
/// events and a token to poll again. Answered with <see cref="HistoryPolled"/>. Awaits and watches
/// are built on it; it is a backend operation, so a test's backend actor sees it.
/// </summary>
/// <param name="Handle">The execution; an empty run id means the latest run (the server pins the token to it).</param>
public sealed record PollHistory(WorkflowHandle Handle) : IBackendOperation<HistoryPolled>
{
    /// <summary>All events (<see cref="HistoryEventFilterType.AllEvent"/>, the default) or only the close event.</summary>
    public HistoryEventFilterType Filter { get; init; } = HistoryEventFilterType.AllEvent;

    /// <summary>Where the previous poll ended (its <see cref="HistoryPolled.NextPageToken"/>); empty for the start.</summary>
    public ByteString NextPageToken { get; init; } = ByteString.Empty;
}
