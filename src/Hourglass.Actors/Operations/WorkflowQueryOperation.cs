using Akka.Actor;
using Hourglass.Configuration;
using Hourglass.Protocol;

namespace Hourglass.Operations;

/// <summary>A row for a query the router serves itself, in a child actor, on the backend chosen for the sender.</summary>
internal abstract class WorkflowQuerySpec : OperationSpec
{
    /// <summary>
    /// Props of the child that serves <paramref name="query"/> (defaults filled in) and answers
    /// <paramref name="replyTo"/> exactly once, asking <paramref name="backend"/> for what it needs.
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="replyTo">The original sender.</param>
    /// <param name="backend">The backend chosen for the sender.</param>
    /// <param name="builtInBackend">True for the real or mock child (which take <c>OnBehalfOf</c>); false for a test's actor.</param>
    /// <param name="settings">The router's settings.</param>
    public abstract Props QueryProps(IWorkflowQuery query, IActorRef replyTo, IActorRef backend, bool builtInBackend, HourglassSettings settings);
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
        var validator = new Validator(typeof(TRequest).Name, settings);
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
