using Akka.TestKit;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>Which backend serves whom: per-sender overrides over the configured backend.</summary>
public sealed class BackendRoutingTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public void Without_an_override_the_configured_backend_serves_and_GetBackend_says_so()
    {
        Hourglass.Tell(GetBackend.Instance);
        Assert.Equal(new BackendInUse(BackendChoice.Mock, BackendSource.Config), ExpectMsg<BackendInUse>());

        StartOne("routed-1");
    }

    [Fact]
    public void An_override_is_the_senders_own_and_does_not_leak_to_another_probe()
    {
        var a = CreateTestProbe("a");
        var b = CreateTestProbe("b");

        Hourglass.Tell(new UseBackend(BackendKind.Real), a);
        Assert.Null(a.ExpectMsg<BackendChanged>().Previous);

        Hourglass.Tell(new StartWorkflow("T", "iso-1"), a);
        // The test profile's real backend points at a port where nothing listens.
        var failed = a.ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorKind.Unreachable, failed.Error.Kind);
        Assert.Contains("127.0.0.1:1", failed.Error.Message);

        Hourglass.Tell(new StartWorkflow("T", "iso-1"), b);
        b.ExpectMsg<WorkflowStarted>();

        Hourglass.Tell(GetBackend.Instance, a);
        Assert.Equal(new BackendInUse(BackendChoice.Real, BackendSource.Override), a.ExpectMsg<BackendInUse>());
        Hourglass.Tell(GetBackend.Instance, b);
        Assert.Equal(new BackendInUse(BackendChoice.Mock, BackendSource.Config), b.ExpectMsg<BackendInUse>());
    }

    [Fact]
    public void UseBackend_answers_the_previous_value_so_it_can_be_restored()
    {
        Hourglass.Tell(new UseBackend(BackendKind.Real));
        Assert.Null(ExpectMsg<BackendChanged>().Previous);

        Hourglass.Tell(new UseBackend(BackendKind.Mock));
        var previous = ExpectMsg<BackendChanged>().Previous;
        Assert.Equal(BackendChoice.Real, previous);

        Hourglass.Tell(new UseBackend(previous));
        Assert.Equal(BackendChoice.Mock, ExpectMsg<BackendChanged>().Previous);
        Hourglass.Tell(GetBackend.Instance);
        Assert.Equal(BackendChoice.Real, ExpectMsg<BackendInUse>().Backend);

        Hourglass.Tell(new UseBackend(null));
        Assert.Equal(BackendChoice.Real, ExpectMsg<BackendChanged>().Previous);
        Hourglass.Tell(GetBackend.Instance);
        Assert.Equal(new BackendInUse(BackendChoice.Mock, BackendSource.Config), ExpectMsg<BackendInUse>());
        Hourglass.Tell(GetHourglassStats.Instance);
        Assert.Equal(new HourglassStats(0, 0, 0), ExpectMsg<HourglassStats>());
    }

    [Fact]
    public void An_actor_override_receives_the_operation_and_answers_the_original_sender()
    {
        var backend = CreateTestProbe("backend");
        backend.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is StartWorkflow start)
                sender.Tell(new WorkflowStarted(new WorkflowHandle(start.Namespace!, start.WorkflowId, "11111111-1111-1111-1111-111111111111")));
            return AutoPilot.KeepRunning;
        }));
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(new StartWorkflow("OrderWorkflow", "by-hand", 5));

        var started = ExpectMsg<WorkflowStarted>();
        Assert.Equal("11111111-1111-1111-1111-111111111111", started.Handle.RunId);
        Assert.Equal(backend.Ref, LastSender);
        Assert.Equal(5, backend.ExpectMsg<StartWorkflow>().Args[0].ToValue<int>());
    }

    [Fact]
    public void An_override_is_forgotten_when_its_sender_terminates()
    {
        var probe = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendKind.Real), probe);
        probe.ExpectMsg<BackendChanged>();
        Hourglass.Tell(GetHourglassStats.Instance);
        Assert.Equal(1, ExpectMsg<HourglassStats>().Overrides);

        Sys.Stop(probe);

        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(new HourglassStats(0, 0, 0), ExpectMsg<HourglassStats>());
        });
    }

    [Fact]
    public void When_a_sender_with_an_actor_override_terminates_the_actor_is_no_longer_watched()
    {
        var sender = CreateTestProbe();
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)), sender);
        sender.ExpectMsg<BackendChanged>();
        Hourglass.Tell(GetHourglassStats.Instance);
        Assert.Equal(new HourglassStats(1, 2, 0), ExpectMsg<HourglassStats>());

        Sys.Stop(sender);

        // The sender and the backend actor it named are both released: nothing stays watched.
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(new HourglassStats(0, 0, 0), ExpectMsg<HourglassStats>());
        });
    }

    [Fact]
    public void An_actor_named_by_two_overrides_stays_watched_until_both_senders_are_gone()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)), first);
        first.ExpectMsg<BackendChanged>();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)), second);
        second.ExpectMsg<BackendChanged>();

        Sys.Stop(first);
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(new HourglassStats(1, 2, 0), ExpectMsg<HourglassStats>());
        });

        Sys.Stop(second);
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(new HourglassStats(0, 0, 0), ExpectMsg<HourglassStats>());
        });
    }

    [Fact]
    public void When_the_override_actor_terminates_its_senders_return_to_the_configured_backend()
    {
        var backend = CreateTestProbe("doomed-backend");
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Sys.Stop(backend);

        AwaitAssert(() =>
        {
            Hourglass.Tell(GetBackend.Instance);
            Assert.Equal(BackendSource.Config, ExpectMsg<BackendInUse>().Source);
        });
        StartOne("after-backend-died");
    }

    [Fact]
    public void Ten_thousand_short_lived_senders_leave_no_entries_behind()
    {
        const int senders = 10_000;
        var done = CreateTestProbe();
        for (var i = 0; i < senders; i++)
            Sys.ActorOf(Props.Create(() => new OverrideOnce(Hourglass, done.Ref)));

        done.ReceiveN(senders, TimeSpan.FromSeconds(60));

        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(new HourglassStats(0, 0, 0), ExpectMsg<HourglassStats>());
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void UseBackend_for_an_actor_without_its_actor_is_refused()
    {
        Hourglass.Tell(new UseBackend(new BackendChoice(BackendKind.Actor)));

        ExpectFailure(ErrorKind.InvalidArgument);
    }

    /// <summary>Sets an override, checks it is used, and stops.</summary>
    private sealed class OverrideOnce : ReceiveActor
    {
        public OverrideOnce(IActorRef hourglass, IActorRef done)
        {
            Receive<BackendChanged>(_ => hourglass.Tell(GetBackend.Instance));
            Receive<BackendInUse>(inUse =>
            {
                done.Tell(inUse.Source);
                Context.Stop(Self);
            });
            hourglass.Tell(new UseBackend(BackendKind.Real));
        }
    }
}
