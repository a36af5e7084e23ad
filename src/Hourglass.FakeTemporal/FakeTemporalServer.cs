using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Hourglass.Backends.Mock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.FakeTemporal;

/// <summary>
/// A fake Temporal frontend: Temporal's WorkflowService over gRPC (HTTP/2) on 127.0.0.1, answered
/// by an <see cref="InMemoryTemporal"/>, so the real Temporalio client can be pointed at it with
/// <c>new TemporalConnectionOptions(server.Target)</c>. It records every call, counts TCP
/// connections, injects faults on demand, can be stopped and restarted on the same port, and can
/// require an API key and TLS (optionally mutual).
/// </summary>
/// <remarks>
/// Served: the methods of <see cref="ServedMethods"/> (namespaces, start, signal-with-start,
/// describe, history with its long polls, signal, query, update, cancel, terminate, list, count).
/// Every other WorkflowService method is recorded and answered UNIMPLEMENTED. Stopping the server
/// releases every call still waiting (a history long poll, a query or update waiting for the
/// worker) with UNAVAILABLE. A call is handled in this order: it is
/// recorded; an injected fault, if one matches, acts (delay, then error, reset stream, dropped
/// connection or a normal answer); the API key is checked; the engine answers.
/// </remarks>
public sealed class FakeTemporalServer : IAsyncDisposable
{
    private readonly FakeTemporalOptions _options;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly List<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConnectionContext> _connections = new(StringComparer.Ordinal);
    private readonly List<(Func<ReceivedRequest, bool> Match, TaskCompletionSource<ReceivedRequest> Found)> _waiters = new();
    private readonly byte[]? _expectedAuthorization;
    private bool _disposed;
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private int _connectionsOpened;
    private int _openConnections;

    private FakeTemporalServer(FakeTemporalOptions options)
    {
        if (options.RequireClientCertificate && options.ServerCertificate is null)
            throw new ArgumentException("RequireClientCertificate needs a ServerCertificate (TLS).", nameof(options));
        if (options.RequireClientCertificate && options.ClientCertificateAuthority is null)
            throw new ArgumentException("RequireClientCertificate needs the ClientCertificateAuthority to check client certificates against.", nameof(options));
        if (options.Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be 0 (any free port) or a TCP port.");
        _options = options;
        Temporal = options.Temporal ?? new InMemoryTemporal();
        Port = options.Port;
        if (options.RequiredApiKey is { } key)
            _expectedAuthorization = Encoding.UTF8.GetBytes("Bearer " + key);
    }

    /// <summary>Starts a server listening on 127.0.0.1 and returns it once it accepts connections.</summary>
    /// <param name="options">The setup; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<FakeTemporalServer> StartAsync(FakeTemporalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new FakeTemporalServer(options ?? new FakeTemporalOptions());
        await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>The in-memory Temporal the server answers from; tests play the worker through it.</summary>
    public InMemoryTemporal Temporal { get; }

    /// <summary>The port listened on (kept across <see cref="StopAsync"/> and <see cref="RestartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>"127.0.0.1:PORT": what <c>TemporalConnectionOptions.TargetHost</c> takes.</summary>
    public string Target => $"127.0.0.1:{Port}";

    /// <summary>True while the server is listening.</summary>
    public bool IsRunning => Volatile.Read(ref _app) is not null;

    /// <summary>True when the server speaks TLS.</summary>
    public bool UsesTls => _options.ServerCertificate is not null;

    /// <summary>The WorkflowService methods answered by <see cref="Temporal"/>; all others answer UNIMPLEMENTED.</summary>
    public static IReadOnlyCollection<string> ServedMethods => WorkflowServiceEndpoint.ServedMethods;

    /// <summary>Every call received so far, oldest first, including refused and faulted ones (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get { lock (_requests) return _requests.ToArray(); }
    }

    /// <summary>The requests of one type received so far, oldest first (a snapshot).</summary>
    /// <typeparam name="T">The request message type, e.g. <c>StartWorkflowExecutionRequest</c>.</typeparam>
    public IReadOnlyList<T> RequestsOf<T>() where T : IMessage
    {
        lock (_requests) return _requests.Select(r => r.Request).OfType<T>().ToArray();
    }

    /// <summary>
    /// The earliest recorded call that <paramref name="match"/> accepts, waiting for one to arrive
    /// if none has yet. Useful when the code under test calls the server in the background.
    /// </summary>
    /// <param name="match">Picks the call; it runs under the recorder's lock, so keep it quick.</param>
    /// <param name="cancellationToken">Gives up waiting (pass a timeout so a test cannot hang).</param>
    public async Task<ReceivedRequest> WaitForRequestAsync(Func<ReceivedRequest, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        TaskCompletionSource<ReceivedRequest> found;
        lock (_requests)
        {
            var already = _requests.FirstOrDefault(match);
            if (already is not null) return already;
            found = new TaskCompletionSource<ReceivedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
        }
        await using (cancellationToken.Register(() =>
        {
            lock (_requests) _waiters.RemoveAll(w => w.Found == found);
            found.TrySetCanceled(cancellationToken);
        }).ConfigureAwait(false))
        {
            return await found.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The earliest recorded request of type <typeparamref name="T"/> that <paramref name="match"/>
    /// accepts (any when null), waiting for one to arrive if none has yet.
    /// </summary>
    /// <typeparam name="T">The request message type, e.g. <c>SignalWorkflowExecutionRequest</c>.</typeparam>
    /// <param name="match">Picks the request; null takes the first of the type.</param>
    /// <param name="cancellationToken">Gives up waiting (pass a timeout so a test cannot hang).</param>
    public async Task<T> WaitForRequestAsync<T>(Func<T, bool>? match = null, CancellationToken cancellationToken = default) where T : IMessage
    {
        var received = await WaitForRequestAsync(r => r.Request is T typed && (match is null || match(typed)), cancellationToken)
            .ConfigureAwait(false);
        return (T)received.Request;
    }

    /// <summary>Forgets the calls recorded so far.</summary>
    public void ClearRecords()
    {
        lock (_requests) _requests.Clear();
    }

    /// <summary>TCP connections accepted since the server was created (across restarts).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>TCP connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>The faults injected and still active, oldest first.</summary>
    public IReadOnlyList<InjectedFault> Faults => FaultRegistry.Snapshot();

    internal FaultRegistry FaultRegistry { get; } = new();

    internal CancellationToken StoppingToken => Volatile.Read(ref _stopping).Token;

    /// <summary>
    /// Makes the next <paramref name="times"/> calls to <paramref name="method"/> misbehave as
    /// <paramref name="fault"/> says. A fault for a method is used before one for every method.
    /// </summary>
    /// <param name="method">The gRPC method name, e.g. "StartWorkflowExecution".</param>
    /// <param name="fault">What to do to the calls.</param>
    /// <param name="times">How many calls it acts on (default 1); null for every call until removed.</param>
    /// <returns>The injected fault; remove it with <see cref="InjectedFault.Remove"/> or by disposing it.</returns>
    /// <exception cref="ArgumentException">WorkflowService has no method of that name.</exception>
    public InjectedFault InjectFault(string method, FakeFault fault, int? times = 1)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (WorkflowServiceEndpoint.Descriptor.FindMethodByName(method) is null)
            throw new ArgumentException($"WorkflowService has no method named '{method}'.", nameof(method));
        return FaultRegistry.Add(method, fault, times);
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> calls, whatever their method (GetSystemInfo on
    /// connect included), misbehave as <paramref name="fault"/> says.
    /// </summary>
    /// <param name="fault">What to do to the calls.</param>
    /// <param name="times">How many calls it acts on (default 1); null for every call until removed.</param>
    /// <returns>The injected fault; remove it with <see cref="InjectedFault.Remove"/> or by disposing it.</returns>
    public InjectedFault InjectFaultForAllMethods(FakeFault fault, int? times = 1) => FaultRegistry.Add(null, fault, times);

    /// <summary>Removes every injected fault.</summary>
    public void ClearFaults() => FaultRegistry.Clear();

    /// <summary>
    /// Stops listening and drops every connection (calls held by an injected delay end at once;
    /// others get <see cref="FakeTemporalOptions.ShutdownTimeout"/> to finish). Clients then fail
    /// as they would against an unreachable server. State and records are kept. Does nothing when
    /// already stopped.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the server if it runs, then listens again on the same port with the same state,
    /// records and faults.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the server for good.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            await StopCoreAsync().ConfigureAwait(false);
            _stopping.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    internal void Record(string method, IMessage request, ServerCallContext context)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in context.RequestHeaders)
        {
            var value = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
            headers[entry.Key] = headers.TryGetValue(entry.Key, out var earlier) ? earlier + ", " + value : value;
        }
        var received = new ReceivedRequest(method, request, headers, DateTimeOffset.UtcNow);
        lock (_requests)
        {
            _requests.Add(received);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (match, found) = _waiters[i];
                bool matched;
                try
                {
                    matched = match(received);
                }
                catch (Exception e)
                {
                    _waiters.RemoveAt(i);
                    found.TrySetException(e);
                    continue;
                }
                if (!matched) continue;
                _waiters.RemoveAt(i);
                found.TrySetResult(received);
            }
        }
    }

    internal bool IsAuthorized(ServerCallContext context)
    {
        if (_expectedAuthorization is null) return true;
        var given = context.RequestHeaders.GetValue("authorization");
        return given is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _expectedAuthorization);
    }

    internal void DropConnection(string connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
            connection.Abort(new ConnectionAbortedException("Connection dropped by an injected fault."));
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_app is not null) return;
        var stopping = new CancellationTokenSource();
        var old = Interlocked.Exchange(ref _stopping, stopping);
        old.Dispose();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakeTemporalServer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        if (_options.ConfigureLogging is { } configureLogging) configureLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = _options.ShutdownTimeout);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A Temporal frontend (grpc-go, no MaxConcurrentStreams option set anywhere in
            // temporalio/temporal) takes any number of concurrent streams on one connection; Kestrel
            // would stop at 100, holding back the long polls of many awaits on one client connection.
            kestrel.Limits.Http2.MaxStreamsPerConnection = int.MaxValue;
            kestrel.Listen(IPAddress.Loopback, Port, ConfigureListener);
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.EnableDetailedErrors = true;
            grpc.IgnoreUnknownServices = false;
        });
        builder.Services.AddSingleton(this);
        builder.Services.AddSingleton<WorkflowServiceEndpoint>();
        builder.Services.AddSingleton<IServiceMethodProvider<WorkflowServiceEndpoint>, WorkflowServiceMethodProvider>();

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<WorkflowServiceEndpoint>();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (Port == 0)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel did not report the address it listens on.");
            Port = new Uri(address).Port;
        }
        Volatile.Write(ref _app, app);
    }

    private void ConfigureListener(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.Use(next => async connection =>
        {
            Interlocked.Increment(ref _connectionsOpened);
            Interlocked.Increment(ref _openConnections);
            _connections[connection.ConnectionId] = connection;
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                _connections.TryRemove(connection.ConnectionId, out _);
                Interlocked.Decrement(ref _openConnections);
            }
        });

        if (_options.ServerCertificate is not { } certificate) return;
        var https = new HttpsConnectionAdapterOptions { ServerCertificate = certificate, CheckCertificateRevocation = false };
        if (_options.RequireClientCertificate)
        {
            var authority = _options.ClientCertificateAuthority!;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, authority);
        }
        listen.UseHttps(https);
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2")); // client authentication
        return chain.Build(certificate);
    }

    private async Task StopCoreAsync()
    {
        var app = _app;
        if (app is null) return;
        Volatile.Write(ref _app, null);
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout);
        try
        {
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
