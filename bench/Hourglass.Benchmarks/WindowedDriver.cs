using Akka.Actor;

namespace Hourglass.Benchmarks;

/// <summary>
/// Keeps <c>window</c> requests in flight against a target until <c>total</c> replies have come
/// back, then completes. The same driver serves baseline and candidate, so its own cost cancels out.
/// </summary>
public sealed class WindowedDriver : ReceiveActor
{
    private int _sent;
    private int _received;

    public WindowedDriver(IActorRef target, Func<int, object> request, int total, int window, TaskCompletionSource done)
    {
        ReceiveAny(reply =>
        {
            if (reply is Hourglass.Protocol.OperationFailed failed && failed.Error.Kind != Hourglass.Protocol.ErrorKind.NotFound)
            {
                done.TrySetException(new InvalidOperationException(failed.Error.ToString()));
                return;
            }
            if (++_received == total)
            {
                done.TrySetResult();
                Context.Stop(Self);
                return;
            }
            if (_sent < total) target.Tell(request(_sent++));
        });
        for (; _sent < Math.Min(window, total); _sent++) target.Tell(request(_sent));
    }

    public static Task Run(ActorSystem system, IActorRef target, Func<int, object> request, int total, int window)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new WindowedDriver(target, request, total, window, done)));
        return done.Task;
    }
}
