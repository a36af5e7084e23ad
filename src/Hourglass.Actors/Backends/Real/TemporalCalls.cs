using System.Diagnostics;
using Google.Protobuf;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Temporal;
using Temporalio.Api.History.V1;
using RpcOptions = Temporalio.Client.RpcOptions;
using WorkflowService = Temporalio.Client.WorkflowService;
using Temporalio.Exceptions;
using static Temporalio.Exceptions.RpcException;

namespace Hourglass.Backends.Real;

/// <summary>
/// The backend operations as WorkflowService RPCs: each with the handle's namespace and run id,
/// a deadline of <c>rpc-timeout</c>, bounded retries of transient failures, and the failure
/// classified from the gRPC code and details. Runs off the actor's thread and touches no actor
/// state; it answers with a reply or an <see cref="HourglassError"/>, never by throwing.
/// </summary>
internal sealed class TemporalCalls(TemporalConnector connector, RealBackendSettings settings)
{
    private static readonly TimeSpan NamespacePollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<object> RunAsync(IHourglassOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            return operation switch
            {
                StartWorkflow start => await StartAsync(start, cancellationToken),
                DescribeWorkflow describe => new WorkflowDescribed(describe.Handle, await Call(
                    (service, rpc) => service.DescribeWorkflowExecutionAsync(TemporalRequests.Describe(describe.Handle), rpc), cancellationToken)),
                FetchHistory fetch => new HistoryFetched(fetch.Handle, await HistoryAsync(fetch.Handle, cancellationToken)),
                SignalWorkflow signal => await SignalAsync(signal, cancellationToken),
                CancelWorkflow cancel => await CancelAsync(cancel, cancellationToken),
                EnsureNamespace ensure => await EnsureAsync(ensure, cancellationToken),
                _ => HourglassError.BackendFailed($"the real backend does not serve {operation.GetType().Name}"),
            };
        }
        catch (CallFailed failed)
        {
            return failed.Error;
        }
    }

    private async Task<WorkflowStarted> StartAsync(StartWorkflow start, CancellationToken cancellationToken)
    {
        var response = await Call(
            (service, rpc) => service.StartWorkflowExecutionAsync(TemporalRequests.Start(start, settings.Identity), rpc), cancellationToken);
        return new WorkflowStarted(new WorkflowHandle(start.Namespace!, start.WorkflowId, response.RunId));
    }

    private async Task<WorkflowSignaled> SignalAsync(SignalWorkflow signal, CancellationToken cancellationToken)
    {
        await Call((service, rpc) => service.SignalWorkflowExecutionAsync(TemporalRequests.Signal(signal, settings.Identity), rpc), cancellationToken);
        return new WorkflowSignaled(signal.Handle, signal.SignalName);
    }

    private async Task<CancelRequested> CancelAsync(CancelWorkflow cancel, CancellationToken cancellationToken)
    {
        await Call((service, rpc) => service.RequestCancelWorkflowExecutionAsync(TemporalRequests.Cancel(cancel, settings.Identity), rpc), cancellationToken);
        return new CancelRequested(cancel.Handle);
    }

    // Every page, following next_page_token, never waiting for new events.
    private async Task<History> HistoryAsync(WorkflowHandle handle, CancellationToken cancellationToken)
    {
        var history = new History();
        ByteString? token = null;
        do
        {
            var page = await Call(
                (service, rpc) => service.GetWorkflowExecutionHistoryAsync(TemporalRequests.History(handle, token), rpc), cancellationToken);
            if (page.History is not null) history.Events.AddRange(page.History.Events);
            token = page.NextPageToken;
        }
        while (!token.IsEmpty);
        return history;
    }

    // Describe; register when it is missing (AlreadyExists from a concurrent register is success);
    // then wait, bounded, until describe sees it.
    private async Task<object> EnsureAsync(EnsureNamespace ensure, CancellationToken cancellationToken)
    {
        if (await NamespaceVisibleAsync(ensure.Name, cancellationToken)) return new NamespaceEnsured(ensure.Name, Created: false);

        var created = true;
        try
        {
            var retention = ensure.Retention ?? settings.NamespaceRetention;
            await Call((service, rpc) => service.RegisterNamespaceAsync(TemporalRequests.RegisterNamespace(ensure.Name, retention), rpc), cancellationToken);
        }
        catch (CallFailed failed) when (failed.InnerException is RpcException { Code: StatusCode.AlreadyExists })
        {
            created = false;
        }

        var waited = Stopwatch.StartNew();
        while (!await NamespaceVisibleAsync(ensure.Name, cancellationToken))
        {
            if (waited.Elapsed >= settings.NamespaceReadyTimeout)
                return new HourglassError(ErrorKind.Timeout,
                    $"namespace {ensure.Name} was registered but describe did not see it within namespace-ready-timeout = {settings.NamespaceReadyTimeout}");
            await Task.Delay(NamespacePollInterval, cancellationToken);
        }
        return new NamespaceEnsured(ensure.Name, created);
    }

    private async Task<bool> NamespaceVisibleAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Call((service, rpc) => service.DescribeNamespaceAsync(TemporalRequests.DescribeNamespace(name), rpc), cancellationToken);
            return true;
        }
        catch (CallFailed failed) when (failed.Error.Kind is ErrorKind.NamespaceNotFound or ErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <summary>One RPC with its deadline and retries; throws <see cref="CallFailed"/> with the classified error.</summary>
    private async Task<T> Call<T>(Func<WorkflowService, RpcOptions, Task<T>> rpc, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.RpcTimeout);
            try
            {
                var service = await connector.WorkflowServiceAsync(cancellationToken).ConfigureAwait(false);
                // Hourglass retries itself (below), so the client's own retries stay off. The client's
                // timeout is a backstop a little past ours, so a deadline shows as our token firing.
                var options = new RpcOptions { Retry = false, Timeout = settings.RpcTimeout + TimeSpan.FromSeconds(1), CancellationToken = deadline.Token };
                return await rpc(service, options).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not CallFailed)
            {
                var timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                var error = Classify(e, timedOut);
                if (attempt >= settings.RetryMaxAttempts || timedOut || cancellationToken.IsCancellationRequested || !IsTransient(e))
                    throw new CallFailed(error, e);
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool IsTransient(Exception e) => e switch
    {
        TemporalConnectException => true,
        RpcException rpc => settings.RetryCodes.Contains(rpc.Code),
        _ => false,
    };

    private TimeSpan Backoff(int attempt)
    {
        var backoff = settings.RetryInitialBackoff * Math.Pow(2, attempt - 1);
        return backoff < settings.RetryMaxBackoff ? backoff : settings.RetryMaxBackoff;
    }

    private HourglassError Classify(Exception e, bool timedOut) => e switch
    {
        _ when timedOut => new HourglassError(ErrorKind.Timeout,
            $"Temporal did not answer within rpc-timeout = {settings.RpcTimeout}", (e as RpcException) is { } r ? TemporalErrors.CodeName(r.Code) : null),
        TemporalConnectException connect => new HourglassError(ErrorKind.Unreachable, connect.Message, connect.InnerException?.Message),
        RpcException rpc => TemporalErrors.Classify(rpc),
        OperationCanceledException => new HourglassError(ErrorKind.Canceled, "the call was canceled before Temporal answered"),
        _ => HourglassError.BackendFailed($"the Temporal call failed: {e.GetType().Name}", e.Message),
    };

    /// <summary>A call that failed for good, carrying its classified error and the last exception.</summary>
    private sealed class CallFailed(HourglassError error, Exception inner) : Exception(error.Message, inner)
    {
        public HourglassError Error { get; } = error;
    }
}
