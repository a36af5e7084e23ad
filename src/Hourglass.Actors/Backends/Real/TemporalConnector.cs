using Hourglass.Configuration;
using Temporalio.Client;

namespace Hourglass.Backends.Real;

/// <summary>
/// The one connection to a Temporal frontend that a real backend shares between all its calls
/// and namespaces. It is made on first use; while it is being made, every caller waits for the
/// same attempt; a failed attempt is forgotten so the next call tries again. Once made, the
/// Temporalio client re-establishes the transport by itself after the server goes and comes back.
/// Thread-safe; it lives outside the actor so a restart keeps the connection.
/// </summary>
public sealed class TemporalConnector
{
    private readonly object _gate = new();
    private readonly RealBackendSettings _settings;
    private TemporalConnection? _connection;
    private Task? _connecting;

    /// <summary>A connector for the target in <paramref name="settings"/>; nothing is opened yet.</summary>
    public TemporalConnector(RealBackendSettings settings) =>
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>Connection attempts begun so far (a diagnostic: one per target while all goes well).</summary>
    public int ConnectAttempts { get; private set; }

    /// <summary>
    /// The WorkflowService of the connection, once connected. Throws
    /// <see cref="TemporalConnectException"/> when the connection cannot be made within
    /// <c>connect-timeout</c>.
    /// </summary>
    public async Task<WorkflowService> WorkflowServiceAsync(CancellationToken cancellationToken)
    {
        TemporalConnection connection;
        Task connecting;
        lock (_gate)
        {
            connection = _connection ??= TemporalConnection.CreateLazy(_settings.ToConnectionOptions());
            if (_connecting is null)
            {
                ConnectAttempts++;
                _connecting = connection.ConnectAsync();
            }
            connecting = _connecting;
        }

        try
        {
            await connecting.WaitAsync(_settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            return connection.WorkflowService;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_connecting, connecting)) _connecting = null;
            }
            throw new TemporalConnectException(_settings.TargetHost, e is TimeoutException
                ? $"no connection within connect-timeout = {DurationText.Format(_settings.ConnectTimeout)}"
                : e.Message, e);
        }
    }
}
