using Akka.Actor;
using Akka.Event;

namespace Hourglass.Chaos;

/// <summary>
/// Sends one operation and takes its answers: the first is counted, any other is a double. It stays a
/// while after the first answer to catch a second; after it stops, an answer still sent to it goes to
/// dead letters, where <see cref="DeadLetterWatch"/> counts it. No answer within the bound: lost.
/// </summary>
internal sealed class Catcher : ReceiveActor
{
    private readonly Op _op;
    private readonly Tally _tally;
    private readonly TimeSpan _bound;
    private bool _answered;

    public Catcher(Op op, Tally tally, TimeSpan bound, TimeSpan linger)
    {
        _op = op;
        _tally = tally;
        _bound = bound;
        Receive<ReceiveTimeout>(_ =>
        {
            if (!_answered) _tally.NoAnswer(_op);
            Context.Stop(Self);
        });
        ReceiveAny(reply =>
        {
            if (_answered)
            {
                _tally.Extra(_op, reply);
                return;
            }
            _answered = true;
            _tally.Reply(_op, reply);
            Context.SetReceiveTimeout(linger);
        });
    }

    protected override void PreStart()
    {
        Context.SetReceiveTimeout(_bound);
        _op.SentAt = System.Diagnostics.Stopwatch.GetTimestamp();
        _op.Target.Tell(_op.Request, Self);
    }

    /// <summary>The catchers' parent, at <c>/user/catchers</c>: children named <c>op-{index}</c>.</summary>
    public sealed class Parent : ReceiveActor
    {
        public Parent(Tally tally, TimeSpan bound, TimeSpan linger)
        {
            Receive<Op>(op =>
            {
                tally.WasSent(op);
                Context.ActorOf(Props.Create(() => new Catcher(op, tally, bound, linger)), $"op-{op.Index}");
            });
        }

        // A catcher that throws is stopped, never restarted (it would send its operation again).
        protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;
    }
}

/// <summary>Counts answers that reached a catcher after it stopped (doubles, or answers past the bound).</summary>
internal sealed class DeadLetterWatch : ReceiveActor
{
    public DeadLetterWatch(Tally tally, ActorPath catchers)
    {
        Receive<DeadLetter>(d =>
        {
            var path = d.Recipient.Path;
            if (!catchers.Equals(path.Parent) || !path.Name.StartsWith("op-", StringComparison.Ordinal)) return;
            if (!int.TryParse(path.Name.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture, out var index)) return;
            tally.AfterStop(index, d.Message);
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));
}
