using System.Reflection;
using Akka.Configuration;
using Hourglass.Protocol;

namespace Hourglass.Tests.Core;

/// <summary>
/// The first use of Akka's scheduler starts its worker as a thread-pool task and blocks the caller
/// until that task has run. A burst of actors arming their first timers at once — Hourglass's status
/// queries, a client's receive timeouts — on a node just started could so block every pool thread,
/// each waiting for a worker queued behind the others: the chaos run saw a node answer nothing for
/// 29 s. Hourglass starts the scheduler when it starts the router, on the caller's thread.
/// </summary>
public sealed class FreshNodeBurstTests
{
    private static readonly Config Fresh = ConfigurationFactory.ParseString("""
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        hourglass.client-backend = mock
        """);

    [Fact]
    public async Task Starting_Hourglass_starts_the_scheduler_so_no_actor_arming_a_timer_waits_for_it()
    {
        var system = ActorSystem.Create("fresh-node", Fresh);
        try
        {
            Assert.False(SchedulerStarted(system), "a system just made has scheduled nothing yet");
            system.StartHourglass();
            Assert.True(SchedulerStarted(system));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_burst_of_status_queries_on_a_node_just_started_is_answered_at_once()
    {
        var system = ActorSystem.Create("fresh-burst", Fresh);
        try
        {
            var router = system.StartHourglass();
            const int burst = 400;
            var answered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var collector = system.ActorOf(Props.Create(() => new Collector(burst, answered)));
            for (var i = 0; i < burst; i++) router.Tell(new GetWorkflowStatus(WorkflowHandle.Latest($"burst-{i}")), collector);

            // Each answers NotFound (there is no such workflow), well within the query timeout.
            Assert.Equal(burst, await answered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await system.Terminate();
        }
    }

    // Akka's HashedWheelTimerScheduler records when its worker started (0 until then); nothing public
    // tells whether it has.
    private static bool SchedulerStarted(ActorSystem system)
    {
        var started = system.Scheduler.GetType().GetField("_startTime", BindingFlags.NonPublic | BindingFlags.Instance);
        Assert.True(started is not null,
            $"{system.Scheduler.GetType().Name} has no _startTime: Akka's scheduler changed; check whether its first use still blocks");
        return (long)started.GetValue(system.Scheduler)! != 0;
    }

    private sealed class Collector : ReceiveActor
    {
        private int _answers;
        private int _notFound;

        public Collector(int expected, TaskCompletionSource<int> done) =>
            ReceiveAny(reply =>
            {
                if (reply is OperationFailed { Error.Kind: ErrorKind.NotFound }) _notFound++;
                if (++_answers == expected) done.TrySetResult(_notFound);
            });
    }
}
