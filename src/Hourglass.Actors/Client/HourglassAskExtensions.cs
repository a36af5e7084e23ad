using Akka.Actor;
using Hourglass.Protocol;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass;

/// <summary>
/// Typed async helpers for callers outside actors (hosted services, plain C#): each asks the
/// <see cref="ClientBackendActor"/> and returns the value, or throws <see cref="HourglassException"/>
/// carrying the <see cref="HourglassError"/>. No reply within the ask timeout throws an
/// <see cref="HourglassException"/> of kind <see cref="ErrorKind.Timeout"/>; a canceled token
/// throws <see cref="OperationCanceledException"/>.
/// </summary>
public static class HourglassAskExtensions
{
    /// <summary>How long a helper waits for a reply when no timeout is given.</summary>
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(30);

    // An await is answered by its own deadline; the ask waits this much longer before giving up on the reply.
    private static readonly TimeSpan AwaitReplyMargin = TimeSpan.FromSeconds(10);

    /// <summary>Starts a workflow; returns its handle with the run id.</summary>
    public static async Task<WorkflowHandle> StartWorkflowAsync(this IActorRef hourglass, StartWorkflow start,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await AskAsync<WorkflowStarted>(hourglass, start, timeout, cancellationToken).ConfigureAwait(false)).Handle;

    /// <summary>Describes a workflow execution; returns the decoded Temporal response.</summary>
    public static async Task<DescribeWorkflowExecutionResponse> DescribeWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await AskAsync<WorkflowDescribed>(hourglass, new DescribeWorkflow(handle), timeout, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary>Reads a workflow's whole history.</summary>
    public static async Task<History> FetchHistoryAsync(this IActorRef hourglass, WorkflowHandle handle,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await AskAsync<HistoryFetched>(hourglass, new FetchHistory(handle), timeout, cancellationToken).ConfigureAwait(false)).History;

    /// <summary>Signals a workflow.</summary>
    public static Task SignalWorkflowAsync(this IActorRef hourglass, SignalWorkflow signal,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        AskAsync<WorkflowSignaled>(hourglass, signal, timeout, cancellationToken);

    /// <summary>Signals a workflow with plain .NET values as the signal input.</summary>
    public static Task SignalWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, string signalName, params object?[] args) =>
        SignalWorkflowAsync(hourglass, new SignalWorkflow(handle, signalName, args));

    /// <summary>Requests cancellation of a workflow.</summary>
    public static Task CancelWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, string reason = "",
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        AskAsync<CancelRequested>(hourglass, new CancelWorkflow(handle, reason), timeout, cancellationToken);

    /// <summary>Makes sure a namespace exists; returns true when this call registered it.</summary>
    public static async Task<bool> EnsureNamespaceAsync(this IActorRef hourglass, string name, TimeSpan? retention = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        (await AskAsync<NamespaceEnsured>(hourglass, new EnsureNamespace(name) { Retention = retention }, timeout, cancellationToken)
            .ConfigureAwait(false)).Created;

    /// <summary>Reads a workflow's status (and recent activity failures when asked).</summary>
    public static Task<WorkflowStatus> GetWorkflowStatusAsync(this IActorRef hourglass, WorkflowHandle handle, bool includeFailures = false,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        AskAsync<WorkflowStatus>(hourglass, new GetWorkflowStatus(handle, includeFailures), timeout, cancellationToken);

    /// <summary>
    /// Waits until the workflow closes, up to <paramref name="timeout"/>; returns how it closed.
    /// A workflow still open at the deadline throws a Timeout error whose <c>LastStatus</c> is the last status seen.
    /// </summary>
    public static Task<WorkflowClosed> AwaitWorkflowAsync(this IActorRef hourglass, WorkflowHandle handle, TimeSpan timeout,
        TimeSpan? pollInterval = null, CancellationToken cancellationToken = default) =>
        AskAsync<WorkflowClosed>(hourglass, new AwaitWorkflow(handle, timeout, pollInterval), timeout + AwaitReplyMargin, cancellationToken);

    /// <summary>
    /// Asks the router and returns the reply as <typeparamref name="TReply"/>, or throws
    /// <see cref="HourglassException"/> for an <see cref="OperationFailed"/>, an unexpected reply or no reply in time.
    /// </summary>
    public static async Task<TReply> AskAsync<TReply>(this IActorRef hourglass, IHourglassRequest request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) where TReply : IHourglassReply
    {
        ArgumentNullException.ThrowIfNull(hourglass);
        ArgumentNullException.ThrowIfNull(request);
        var wait = timeout ?? DefaultAskTimeout;
        object reply;
        try
        {
            reply = await hourglass.Ask<object>(request, wait, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HourglassException(new HourglassError(ErrorKind.Timeout,
                $"no reply to {request.GetType().Name} from {hourglass.Path} within {wait}", e.Message), request);
        }

        return reply switch
        {
            TReply typed => typed,
            OperationFailed failed => throw new HourglassException(failed.Error, failed.Request),
            _ => throw new HourglassException(HourglassError.BackendFailed(
                $"{request.GetType().Name} was answered with {reply.GetType().Name}, expected {typeof(TReply).Name}"), request),
        };
    }
}
