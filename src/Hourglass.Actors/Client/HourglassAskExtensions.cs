using Hourglass.Configuration;
using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass;

/// <summary>
/// Typed async helpers for callers outside actors (hosted services, plain C#): each asks the
/// <see cref="ClientBackendActor"/> and returns the value, or throws <see cref="HourglassException"/>
/// carrying the <see cref="HourglassError"/>. No reply within the ask timeout throws an
/// <see cref="HourglassException"/> of kind <see cref="ErrorKind.Timeout"/>; a canceled token
/// throws <see cref="OperationCanceledException"/>. Each operation's helper is declared beside the
/// operation (<c>src/Hourglass.Actors/Operations</c>); <see cref="AskAsync{TReply}(IActorRef, IHourglassRequest{TReply}, TimeSpan?, CancellationToken)"/>
/// serves any request.
/// </summary>
public static partial class HourglassAskExtensions
{
    /// <summary>How long a helper waits for a reply when no timeout is given.</summary>
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Asks the router and returns the request's own success reply, or throws
    /// <see cref="HourglassException"/> for an <see cref="OperationFailed"/>, an unexpected reply or no reply in time.
    /// </summary>
    public static Task<TReply> AskAsync<TReply>(this IActorRef hourglass, IHourglassRequest<TReply> request,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) where TReply : IHourglassReply =>
        AskAsync<TReply>(hourglass, (IHourglassRequest)request, timeout, cancellationToken);

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
            // While an activity is current, the operation's span continues its trace.
            reply = await hourglass.Ask<object>(Telemetry.TracedRequest.Wrap(request), wait, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HourglassException(new HourglassError(ErrorKind.Timeout,
                $"no reply to {request.GetType().Name} from {hourglass.Path} within {DurationText.Format(wait)}", e.Message), request);
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
