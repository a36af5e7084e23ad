using System.Diagnostics;
using Hourglass.Configuration;
using Hourglass.Protocol;
using System.Runtime.CompilerServices;
using Hourglass.Telemetry;
using Hourglass.Temporal;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using RpcOptions = Temporalio.Client.RpcOptions;
using WorkflowService = Temporalio.Client.WorkflowService;

namespace Hourglass.Backends.Real;

/// <summary>
/// <see cref="ITemporalService"/> over the Temporalio client's raw WorkflowService, on the
/// connector's one connection: each RPC with a deadline of <c>rpc-timeout</c> and bounded retries
/// of transient failures (the request unchanged, so request ids deduplicate). A failure the server
/// answered is rethrown as its <see cref="RpcException"/>; a failure before any answer as a
/// <see cref="TemporalCallException"/>. Thread-safe; touches no actor state. Each attempt is a
/// client span of its own and tells the connection's reachability (<see cref="RpcAttempt"/>);
/// each retry is counted.
/// </summary>
internal sealed class TemporalRpcService(TemporalConnector connector, RealBackendSettings settings, HourglassInstruments? instruments = null) : ITemporalService
{
    // A long poll whose connection took (nearly) its whole deadline still gets this long for its call.
    private static readonly TimeSpan MinimumLongPollLeft = TimeSpan.FromMilliseconds(50);

    public ValueTask<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.StartWorkflowExecutionAsync(request, o), cancellationToken);

    public ValueTask<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.SignalWithStartWorkflowExecutionAsync(request, o), cancellationToken);

    public ValueTask<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.DescribeWorkflowExecutionAsync(request, o), cancellationToken);

    public ValueTask<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken cancellationToken) =>
        request.WaitNewEvent
            ? LongPollAsync(request)
            : Call((s, o) => s.GetWorkflowExecutionHistoryAsync(request, o), cancellationToken);

    public ValueTask<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.SignalWorkflowExecutionAsync(request, o), cancellationToken);

    public ValueTask<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.QueryWorkflowAsync(request, o), settings.QueryTimeout, "query-timeout", cancellationToken);

    public ValueTask<UpdateWorkflowExecutionResponse> UpdateWorkflowExecutionAsync(UpdateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.UpdateWorkflowExecutionAsync(request, o), settings.UpdateTimeout, "update-timeout", cancellationToken);

    public ValueTask<PollWorkflowExecutionUpdateResponse> PollWorkflowExecutionUpdateAsync(PollWorkflowExecutionUpdateRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.PollWorkflowExecutionUpdateAsync(request, o), settings.UpdateTimeout, "update-timeout", cancellationToken);

    public ValueTask<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.RequestCancelWorkflowExecutionAsync(request, o), cancellationToken);

    public ValueTask<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.TerminateWorkflowExecutionAsync(request, o), cancellationToken);

    public ValueTask<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.ListWorkflowExecutionsAsync(request, o), cancellationToken);

    public ValueTask<CountWorkflowExecutionsResponse> CountWorkflowExecutionsAsync(CountWorkflowExecutionsRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.CountWorkflowExecutionsAsync(request, o), cancellationToken);

    public ValueTask<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.DescribeNamespaceAsync(request, o), cancellationToken);

    public ValueTask<RegisterNamespaceResponse> RegisterNamespaceAsync(RegisterNamespaceRequest request, CancellationToken cancellationToken) =>
        Call((s, o) => s.RegisterNamespaceAsync(request, o), cancellationToken);

    /// <summary>
    /// A history long poll: one attempt (the history polls poll again after passing trouble, so a
    /// retry here would only delay them), the client's own deadline of <c>long-poll-timeout</c> (no
    /// timer of Hourglass's, and no cancellation token: a long poll of a stopped backend ends at the
    /// server's long-poll interval) — thousands of them wait at once, so each costs as little as it can.
    /// </summary>
    private async ValueTask<GetWorkflowExecutionHistoryResponse> LongPollAsync(GetWorkflowExecutionHistoryRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var measured = RpcAttempt.Start(instruments, connector, RpcName.Of(nameof(GetWorkflowExecutionHistoryAsync)), 1, settings.TargetHost);
        try
        {
            // The wait for the connection is inside the long poll's deadline too.
            var service = await connector.WorkflowServiceAsync(settings.LongPollTimeout,
                $"long-poll-timeout = {DurationText.Format(settings.LongPollTimeout)}", CancellationToken.None).ConfigureAwait(false);
            var left = settings.LongPollTimeout - Stopwatch.GetElapsedTime(started);
            var timeout = left > MinimumLongPollLeft ? left : MinimumLongPollLeft;
            var answer = await service.GetWorkflowExecutionHistoryAsync(request, new RpcOptions { Retry = false, Timeout = timeout }).ConfigureAwait(false);
            measured.Succeeded();
            return answer;
        }
        catch (Exception e)
        {
            // The client reports its own deadline as CANCELLED: a call that lasted the whole deadline timed out.
            var timedOut = Stopwatch.GetElapsedTime(started) >= settings.LongPollTimeout;
            measured.Failed(e, timedOut);
            if (e is RpcException && !timedOut) throw;
            throw new TemporalCallException(Classify(e, timedOut, settings.LongPollTimeout, "long-poll-timeout"), e);
        }
    }

    /// <summary>One RPC with its deadline (<c>rpc-timeout</c>) and retries.</summary>
    private ValueTask<T> Call<T>(Func<WorkflowService, RpcOptions, Task<T>> rpc, CancellationToken cancellationToken,
        [CallerMemberName] string method = "") =>
        Call(rpc, settings.RpcTimeout, "rpc-timeout", cancellationToken, method);

    /// <summary>
    /// One RPC with its retries and a deadline of <paramref name="timeout"/> per attempt: the calls that
    /// wait for a worker (query, update) have a longer one of their own, named by <paramref name="timeoutKey"/>.
    /// The deadline includes the wait for the connection: no connection within it is Unreachable.
    /// </summary>
    private async ValueTask<T> Call<T>(Func<WorkflowService, RpcOptions, Task<T>> rpc, TimeSpan timeout, string timeoutKey, CancellationToken cancellationToken,
        [CallerMemberName] string method = "")
    {
        var name = RpcName.Of(method);
        for (var attempt = 1; ; attempt++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var measured = RpcAttempt.Start(instruments, connector, name, attempt, settings.TargetHost);
            try
            {
                var service = await connector.WorkflowServiceAsync(timeout, $"{timeoutKey} = {DurationText.Format(timeout)}", cancellationToken).ConfigureAwait(false);
                // Hourglass retries itself (below), so the client's own retries stay off. The client's
                // timeout is a backstop a little past ours, so a deadline shows as our token firing.
                var left = timeout - started.Elapsed;
                var options = new RpcOptions
                {
                    Retry = false,
                    Timeout = (left > TimeSpan.Zero ? left : TimeSpan.Zero) + TimeSpan.FromSeconds(1),
                    CancellationToken = deadline.Token,
                };
                var answer = await rpc(service, options).ConfigureAwait(false);
                measured.Succeeded();
                return answer;
            }
            catch (TemporalConnectException connect) when (!cancellationToken.IsCancellationRequested)
            {
                // No connection: retried while it may help, never past a deadline or a refusal.
                var errorType = measured.Failed(connect, timedOut: false);
                if (!connect.Retryable || attempt >= settings.RetryMaxAttempts) throw new TemporalCallException(connect.Error, connect);
                instruments?.Retried(name, errorType);
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                var errorType = measured.Failed(e, timedOut);
                if (attempt >= settings.RetryMaxAttempts || timedOut || cancellationToken.IsCancellationRequested || !IsTransient(e))
                {
                    if (e is RpcException && !timedOut) throw;
                    throw new TemporalCallException(Classify(e, timedOut, timeout, timeoutKey), e);
                }
                instruments?.Retried(name, errorType);
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool IsTransient(Exception e) => e is RpcException rpc && settings.RetryCodes.Contains(rpc.Code);

    private TimeSpan Backoff(int attempt)
    {
        var backoff = settings.RetryInitialBackoff * Math.Pow(2, attempt - 1);
        return backoff < settings.RetryMaxBackoff ? backoff : settings.RetryMaxBackoff;
    }

    private static HourglassError Classify(Exception e, bool timedOut, TimeSpan timeout, string timeoutKey) => e switch
    {
        _ when timedOut => new HourglassError(ErrorKind.Timeout,
            $"Temporal did not answer within {timeoutKey} = {DurationText.Format(timeout)}", (e as RpcException) is { } r ? TemporalErrors.CodeName(r.Code) : null),
        TemporalConnectException connect => connect.Error,
        RpcException rpc => TemporalErrors.Classify(rpc),
        OperationCanceledException => new HourglassError(ErrorKind.Canceled, "the call was canceled before Temporal answered"),
        _ => HourglassError.BackendFailed($"the Temporal call failed: {e.GetType().Name}", e.Message),
    };
}
