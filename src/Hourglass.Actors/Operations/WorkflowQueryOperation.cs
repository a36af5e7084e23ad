using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;

namespace Hourglass.Operations;

/// <summary>A row for a query the router serves itself, in a child actor, on the backend chosen for the sender.</summary>
internal abstract class WorkflowQuerySpec : OperationSpec
{
    /// <summary>True for a query that counts against <c>hourglass.max-queries</c> while it is served.</summary>
    public virtual bool IsCounted => true;

    /// <summary>
    /// Serves <paramref name="query"/> (defaults filled in): it answers the sender exactly once,
    /// asking the backend chosen for the sender for what it needs.
    /// </summary>
    public abstract void Serve(IWorkflowQuery query, QueryContext context);
}

/// <summary>A workflow query of type <typeparamref name="TRequest"/> answered with <typeparamref name="TReply"/>.</summary>
internal abstract class WorkflowQueryOperation<TRequest, TReply> : WorkflowQuerySpec
    where TRequest : class, IWorkflowQuery<TReply>
    where TReply : class, IHourglassReply
{
    public sealed override Type RequestType => typeof(TRequest);

    public sealed override Type ReplyType => typeof(TReply);

    public sealed override string? Problem(IHourglassRequest request, HourglassSettings settings)
    {
        var validator = new Validator(Name, settings);
        Validate((TRequest)request, ref validator);
        return validator.Problem;
    }

    public sealed override IHourglassRequest WithDefaults(IHourglassRequest request, HourglassSettings settings) =>
        Defaults((TRequest)request, settings);

    /// <summary>Checks every field of <paramref name="request"/>.</summary>
    protected abstract void Validate(TRequest request, ref Validator v);

    /// <summary>Fills in configured defaults; returns <paramref name="request"/> itself when nothing changes.</summary>
    protected virtual TRequest Defaults(TRequest request, HourglassSettings settings) => request;
}
