using System.Diagnostics;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Temporalio.Client;

namespace Hourglass.Backends.Real;

/// <summary>
/// The one connection to a Temporal frontend that a real backend shares between all its calls
/// and namespaces. It is made on first use; while it is being made, every caller waits for the
/// same attempt, each no longer than its own deadline; an attempt that fails, or is not done within
/// <c>connect-timeout</c>, is forgotten with its connection, so the next call starts afresh. Once
/// made, the Temporalio client re-establishes the transport by itself after the server goes and
/// comes back. Thread-safe; it lives outside the actor so a restart keeps the connection.
/// </summary>
/// <remarks>
/// A failed connect is classified by <see cref="ConnectProbe"/>: the client reports every connect
/// failure as text only, so the probe makes the same first call itself and decides from what it
/// meets (a refused or reset TCP connection is passing trouble; a refused TLS handshake or API key
/// is not).
/// </remarks>
public sealed class TemporalConnector
{
    // The probe gets what is left of connect-timeout, but never less than this.
    private static readonly TimeSpan MinimumProbeBudget = TimeSpan.FromMilliseconds(500);

    private readonly object _gate = new();
    private readonly RealBackendSettings _settings;
    private Task<WorkflowService>? _connecting;
    private int _connectAttempts;

    /// <summary>A connector for the target in <paramref name="settings"/>; nothing is opened yet.</summary>
    public TemporalConnector(RealBackendSettings settings) =>
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Connection attempts begun so far (a diagnostic: one per target while all goes well).</summary>
    public int ConnectAttempts => Volatile.Read(ref _connectAttempts);

    /// <summary>
    /// The WorkflowService of the connection, waiting at most <paramref name="within"/> for it to be
    /// made (a call's deadline includes this wait). Throws <see cref="TemporalConnectException"/>
    /// when there is no connection within <paramref name="within"/> (Unreachable, not to be retried:
    /// the deadline has passed), when the attempt is not done within <c>connect-timeout</c>
    /// (Unreachable, retryable), or when it failed (as the probe classified it).
    /// </summary>
    /// <param name="within">The longest wait: what is left of the call's deadline.</param>
    /// <param name="deadline">The deadline's name for messages, e.g. "rpc-timeout = 00:00:10".</param>
    /// <param name="cancellationToken">The caller's own cancellation.</param>
    public async Task<WorkflowService> WorkflowServiceAsync(TimeSpan within, string deadline, CancellationToken cancellationToken)
    {
        Task<WorkflowService> connecting;
        lock (_gate)
        {
            connecting = _connecting ??= ConnectAsync();
        }
        if (connecting.IsCompletedSuccessfully) return connecting.Result;
        try
        {
            return await connecting.WaitAsync(within, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TemporalConnectException(_settings.TargetHost, new HourglassError(ErrorKind.Unreachable,
                $"cannot connect to Temporal at {_settings.TargetHost}: no connection within the call's deadline ({deadline})",
                "the connect is still under way"), retryable: false);
        }
    }

    // One attempt, shared by every caller while it runs. A new connection object each time: one whose
    // connect hangs keeps its lock, and would hold back every later attempt of its own.
    private Task<WorkflowService> ConnectAsync()
    {
        Interlocked.Increment(ref _connectAttempts);
        var attempt = AttemptAsync();
        // Forget a failed attempt, so the next call tries again; keep a connection once made.
        attempt.ContinueWith(t =>
        {
            lock (_gate)
            {
                if (ReferenceEquals(_connecting, t)) _connecting = null;
            }
        }, CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return attempt;
    }

    private async Task<WorkflowService> AttemptAsync()
    {
        await Task.Yield(); // never run the client's connect under the gate
        var started = Stopwatch.StartNew();
        var connection = TemporalConnection.CreateLazy(_settings.ToConnectionOptions());
        try
        {
            await connection.ConnectAsync().WaitAsync(_settings.ConnectTimeout).ConfigureAwait(false);
            return connection.WorkflowService;
        }
        catch (TimeoutException e)
        {
            throw new TemporalConnectException(_settings.TargetHost, new HourglassError(ErrorKind.Unreachable,
                $"cannot connect to Temporal at {_settings.TargetHost}: no connection within connect-timeout = {DurationText.Format(_settings.ConnectTimeout)}"),
                retryable: true, e);
        }
        catch (Exception e)
        {
            var left = _settings.ConnectTimeout - started.Elapsed;
            ConnectProbe.Verdict verdict;
            try
            {
                verdict = await ConnectProbe.DiagnoseAsync(_settings, left > MinimumProbeBudget ? left : MinimumProbeBudget).ConfigureAwait(false);
            }
            catch (Exception probeFailure)
            {
                // The probe only explains a failed connect; whatever it meets itself, the connect is still one that failed.
                verdict = new ConnectProbe.Verdict(new HourglassError(ErrorKind.Unreachable,
                    $"cannot connect to Temporal at {_settings.TargetHost}", $"the probe failed too: {probeFailure.GetType().Name}"), Retryable: true);
            }
            // The client's own words are kept for people (its text never decides anything).
            var error = verdict.Error with { Detail = verdict.Error.Detail is { } detail ? $"{detail}; {e.Message}" : e.Message };
            throw new TemporalConnectException(_settings.TargetHost, error, verdict.Retryable, e);
        }
    }
}
