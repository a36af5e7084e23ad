using Google.Protobuf;
using Temporalio.Api.History.V1;

namespace Hourglass.Protocol;

/// <summary>Reply to <see cref="PollHistory"/>: what one long poll returned.</summary>
/// <param name="Handle">The handle as asked.</param>
/// <param name="Events">The events (none when the poll expired; only the close event with the CLOSE_EVENT filter).</param>
/// <param name="NextPageToken">Where to poll from next; empty when the history is complete (the run closed and everything was read).</param>
public sealed record HistoryPolled(WorkflowHandle Handle, IReadOnlyList<HistoryEvent> Events, ByteString NextPageToken) : IHourglassReply;
