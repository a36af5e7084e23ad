using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Temporal;

namespace Hourglass.Operations;

/// <summary>A row for an operation a backend serves: its WorkflowService call(s), written once for both backends.</summary>
internal abstract class BackendOperationSpec : OperationSpec
{
    /// <summary>
    /// True for a call that waits on the server (a history long poll): the real backend gives it its
    /// own deadline (<c>hourglass.real.long-poll-timeout</c>) and its own bound (<c>max-long-polls</c>).
    /// </summary>
    public virtual bool IsLongPoll => false;

    /// <summary>
    /// Runs the operation against <paramref name="temporal"/> (the Temporalio client or the in-memory
    /// Temporal): its reply, or an exception that <see cref="TemporalErrors.Of"/> classifies.
    /// </summary>
    public abstract ValueTask<IHourglassReply> ExecuteAsync(IBackendOperation operation, ITemporalService temporal, OperationContext context);
}

/// <summary>A backend operation of type <typeparamref name="TRequest"/> answered with <typeparamref name="TReply"/>.</summary>
internal abstract class BackendOperation<TRequest, TReply> : BackendOperationSpec
    where TRequest : class, IBackendOperation<TReply>
    where TReply : class, IHourglassReply
{
    public sealed override Type RequestType => typeof(TRequest);

    public sealed override Type ReplyType => typeof(TReply);

    public sealed override string? Problem(IHourglassRequest request, HourglassSettings settings)
    {
        var validator = new Validator(typeof(TRequest).Name, settings);
        Validate((TRequest)request, ref validator);
        return validator.Problem;
    }

    public sealed override IHourglassRequest WithDefaults(IHourglassRequest request, HourglassSettings settings) =>
        Defaults((TRequest)request, settings);

    public sealed override ValueTask<IHourglassReply> ExecuteAsync(IBackendOperation operation, ITemporalService temporal, OperationContext context)
    {
        var task = ExecuteAsync((TRequest)operation, temporal, context);
        return task.IsCompletedSuccessfully ? new ValueTask<IHourglassReply>(task.Result) : Later(task);
    }

    /// <summary>Checks every field of <paramref name="request"/>.</summary>
    protected abstract void Validate(TRequest request, ref Validator v);

    /// <summary>Fills in configured defaults; returns <paramref name="request"/> itself when nothing changes.</summary>
    protected virtual TRequest Defaults(TRequest request, HourglassSettings settings) => request;

    /// <summary>The WorkflowService call(s) that serve <paramref name="request"/>, defaults filled in.</summary>
    protected abstract ValueTask<TReply> ExecuteAsync(TRequest request, ITemporalService temporal, OperationContext context);

    private static async ValueTask<IHourglassReply> Later(ValueTask<TReply> task) => await task.ConfigureAwait(false);
}
