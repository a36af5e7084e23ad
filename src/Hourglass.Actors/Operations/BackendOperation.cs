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
    /// Starts the operation against <paramref name="temporal"/> (the Temporalio client or the in-memory
    /// Temporal): its outcome (a reply, or an exception that <see cref="TemporalErrors.Of"/> classifies) when it is known at once (the in-memory Temporal), else
    /// a pending start with a new ticket, and <paramref name="self"/> is told a <see cref="BackendFinished"/>
    /// with that ticket when it completes — one continuation, nothing else allocated.
    /// </summary>
    public abstract Started Start(IBackendOperation operation, ITemporalService temporal, OperationContext context, Akka.Actor.IActorRef self);
}

/// <summary>How an operation's start went: done (a reply or an exception), or pending under <see cref="Ticket"/>.</summary>
internal readonly record struct Started(IHourglassReply? Reply, Exception? Failure, long Ticket = 0)
{
    /// <summary>Pending: its outcome comes as a <see cref="BackendFinished"/> with <paramref name="ticket"/>.</summary>
    public static Started Pending(long ticket) => new(null, null, ticket);

    public bool IsPending => Reply is null && Failure is null;
}

/// <summary>A started operation's outcome for the request behind <paramref name="Ticket"/>: a reply or an <see cref="HourglassError"/>.</summary>
internal sealed record BackendFinished(long Ticket, object Reply) : Akka.Actor.INoSerializationVerificationNeeded;

/// <summary>A backend operation of type <typeparamref name="TRequest"/> answered with <typeparamref name="TReply"/>.</summary>
internal abstract class BackendOperation<TRequest, TReply> : BackendOperationSpec
    where TRequest : class, IBackendOperation<TReply>
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

    public sealed override Started Start(IBackendOperation operation, ITemporalService temporal, OperationContext context, Akka.Actor.IActorRef self)
    {
        ValueTask<TReply> task;
        try
        {
            task = ExecuteAsync((TRequest)operation, temporal, context);
        }
        catch (Exception e)
        {
            return new Started(null, e);
        }
        if (task.IsCompletedSuccessfully) return new Started(task.Result, null);
        // Failed at once (the in-memory Temporal's errors): answered at once too, in order.
        if (task.IsFaulted) return new Started(null, task.AsTask().Exception!.InnerExceptions[0]);
        // A ticket only for an operation that waits: those answered at once need none.
        var ticket = Backends.OperationLedger.NextTicket();
        _ = FinishAsync(task, self, ticket);
        return Started.Pending(ticket);
    }

    // The one continuation of a pending operation: it tells the backend how it ended.
    private static async Task FinishAsync(ValueTask<TReply> task, Akka.Actor.IActorRef self, long ticket)
    {
        object outcome;
        try
        {
            outcome = await task.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            outcome = TemporalErrors.Of(e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e);
        }
        self.Tell(new BackendFinished(ticket, outcome), Akka.Actor.ActorRefs.NoSender);
    }

    /// <summary>Checks every field of <paramref name="request"/>.</summary>
    protected abstract void Validate(TRequest request, ref Validator v);

    /// <summary>Fills in configured defaults; returns <paramref name="request"/> itself when nothing changes.</summary>
    protected virtual TRequest Defaults(TRequest request, HourglassSettings settings) => request;

    /// <summary>
    /// The reply <paramref name="map"/> makes of a call's response: made at once when the call completed at
    /// once (the in-memory Temporal), without an async state machine; awaited otherwise.
    /// </summary>
    protected static ValueTask<TReply> Then<TResponse, TState>(ValueTask<TResponse> call, TState state, Func<TResponse, TState, TReply> map)
    {
        return call.IsCompletedSuccessfully ? new ValueTask<TReply>(map(call.Result, state)) : Awaited(call, state, map);

        static async ValueTask<TReply> Awaited(ValueTask<TResponse> call, TState state, Func<TResponse, TState, TReply> map) =>
            map(await call.ConfigureAwait(false), state);
    }

    /// <summary>The WorkflowService call(s) that serve <paramref name="request"/>, defaults filled in.</summary>
    protected abstract ValueTask<TReply> ExecuteAsync(TRequest request, ITemporalService temporal, OperationContext context);
}
