using System.Globalization;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Mock;

/// <summary>
/// GetWorkflowExecutionHistory as the server answers it (temporalio/temporal
/// <c>service/history/api/getworkflowexecutionhistory/api.go</c>, <c>service/frontend/workflow_handler.go</c>):
/// pages of at most 256 events, page tokens pinned to their run, the CLOSE_EVENT filter, and the
/// long poll — a call with <c>wait_new_event</c> waits, holding neither the engine's lock nor a
/// thread, until events past its token arrive (ALL_EVENT) or the run closes (CLOSE_EVENT), or the
/// poll expires: after <see cref="LongPollInterval"/> or one second before the caller's deadline,
/// whichever is first, with an empty page and a token to poll again.
/// </summary>
public sealed partial class InMemoryTemporal
{
    /// <summary>The server's default largest history page (<c>frontend.historyMaxPageSize</c>): <see cref="HistoryPageSize"/> starts at it.</summary>
    public const int MaxHistoryPageSize = 256;

    /// <summary>
    /// How long a history long poll waits before it answers an empty page with a token
    /// (<c>history.longPollExpirationInterval</c>, 20 s on a server).
    /// </summary>
    public TimeSpan LongPollInterval { get; set; } = TimeSpan.FromSeconds(20);

    // The server leaves the caller this much of its deadline (common.DefaultLongPollBuffer).
    private static readonly TimeSpan LongPollBuffer = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One page of a run's history, never waiting: a long poll (<c>wait_new_event</c>) that would
    /// wait answers at once as if its poll had expired. Use <see cref="GetWorkflowExecutionHistoryAsync"/> to wait.
    /// </summary>
    public GetWorkflowExecutionHistoryResponse GetWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request)
    {
        using (Enter()) return Page(request, Locate(request), expired: true)!;
    }

    /// <summary>
    /// One page of a run's history; a long poll waits as a server's does (see the type's remarks).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="callerDeadline">
    /// The caller's deadline, when it has one: the poll ends a second before it. It is wall-clock time
    /// (a gRPC deadline is), measured on the system clock whatever the engine's clock; the long-poll
    /// interval runs on the engine's clock.
    /// </param>
    /// <param name="cancellationToken">The caller giving up, or the server stopping: the wait ends with <see cref="OperationCanceledException"/>.</param>
    public Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(
        GetWorkflowExecutionHistoryRequest request, DateTimeOffset? callerDeadline, CancellationToken cancellationToken)
    {
        // Most calls have their answer at once: no timer, no waiting.
        try
        {
            using (Enter())
            {
                if (Page(request, Locate(request), expired: false) is { } now) return Task.FromResult(now);
            }
        }
        catch (Temporalio.Exceptions.RpcException e)
        {
            return Task.FromException<GetWorkflowExecutionHistoryResponse>(e);
        }
        return WaitForHistoryAsync(request, callerDeadline, cancellationToken);
    }

    // The wait: on the run's next change, holding no lock and no thread (a continuation on a task that
    // is removed again when the wait ends), until the interval or the caller's deadline ends it.
    private async Task<GetWorkflowExecutionHistoryResponse> WaitForHistoryAsync(
        GetWorkflowExecutionHistoryRequest request, DateTimeOffset? callerDeadline, CancellationToken cancellationToken)
    {
        using var interval = new CancellationTokenSource(LongPollInterval, _clock);
        using var deadline = DeadlineSource(callerDeadline);
        using var expiry = deadline is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token, deadline.Token);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task change;
            using (Enter())
            {
                var position = Locate(request);
                if (Page(request, position, expired: expiry.IsCancellationRequested) is { } response) return response;
                change = position.Run.NextChange;
            }
            try
            {
                await change.WaitAsync(expiry.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The poll expired: the next round answers what there is (an empty page and a token).
            }
        }
    }

    // WithDeadlineBuffer (common/contextutil/deadline.go): the poll ends a second before the caller's
    // deadline when that comes before the interval ends; null when it does not.
    private CancellationTokenSource? DeadlineSource(DateTimeOffset? callerDeadline)
    {
        if (callerDeadline is not { } deadline) return null;
        var remaining = deadline - TimeProvider.System.GetUtcNow() - LongPollBuffer;
        if (remaining >= LongPollInterval) return null;
        return new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, TimeProvider.System);
    }

    private readonly record struct HistoryPosition(Run Run, long NextEventId);

    // Under _gate: the run the request reads and where, from its token.
    private HistoryPosition Locate(GetWorkflowExecutionHistoryRequest request)
    {
        if (request.NextPageToken.IsEmpty)
            return new HistoryPosition(Find(request.Namespace, request.Execution), 1);

        var token = HistoryToken.Parse(request.NextPageToken)
            ?? throw Fail(StatusCode.InvalidArgument, "Invalid NextPageToken.", null);
        var requestedRun = request.Execution?.RunId ?? "";
        if (requestedRun.Length > 0 && requestedRun != token.RunId)
            throw Fail(StatusCode.InvalidArgument, "RunId in the request does not match the NextPageToken.", null);
        var run = Find(request.Namespace, new() { WorkflowId = request.Execution?.WorkflowId ?? "", RunId = token.RunId });
        if (token.NextEventId < 1 || token.NextEventId > run.Events.Count + 1)
            throw Fail(StatusCode.InvalidArgument, "Invalid NextPageToken.", null);
        return new HistoryPosition(run, token.NextEventId);
    }

    // Under _gate: the page to answer now, or null when a long poll should go on waiting.
    private GetWorkflowExecutionHistoryResponse? Page(GetWorkflowExecutionHistoryRequest request, HistoryPosition position, bool expired)
    {
        var run = position.Run;
        var longPoll = request.WaitNewEvent;
        var response = new GetWorkflowExecutionHistoryResponse { History = new History() };

        if (request.HistoryEventFilterType == HistoryEventFilterType.CloseEvent)
        {
            if (!run.IsOpen)
            {
                response.History.Events.Add(run.Events[^1].Clone());
                return response;
            }
            // Open: the server waits for the close (even without wait_new_event); on expiry an empty
            // page, with a token only for a long poll.
            if (!expired) return null;
            if (longPoll) response.NextPageToken = HistoryToken.Of(run, run.Events.Count + 1);
            return response;
        }

        var available = run.Events.Count - (position.NextEventId - 1);
        if (available == 0 && longPoll && run.IsOpen && !expired) return null;

        var size = request.MaximumPageSize > 0 ? Math.Min(request.MaximumPageSize, HistoryPageSize) : HistoryPageSize;
        var from = (int)(position.NextEventId - 1);
        var count = (int)Math.Min(size, available);
        for (var i = from; i < from + count; i++) response.History.Events.Add(run.Events[i].Clone());
        var next = position.NextEventId + count;
        // A token while there is more to read, or while a long poll on an open run may read more later.
        if (next <= run.Events.Count || (longPoll && run.IsOpen)) response.NextPageToken = HistoryToken.Of(run, next);
        return response;
    }

    /// <summary>A history page token: the run it is pinned to and the next event to read.</summary>
    private sealed record HistoryToken(string RunId, long NextEventId)
    {
        private const string Prefix = "hourglass-history/v1/";

        public static ByteString Of(Run run, long nextEventId) =>
            ByteString.CopyFromUtf8(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{run.RunId}/{nextEventId}"));

        public static HistoryToken? Parse(ByteString bytes)
        {
            if (bytes.Length > 200) return null;
            var text = bytes.ToStringUtf8();
            if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return null;
            var parts = text[Prefix.Length..].Split('/');
            return parts.Length == 2 && parts[0].Length > 0
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var next)
                ? new HistoryToken(parts[0], next)
                : null;
        }
    }
}
