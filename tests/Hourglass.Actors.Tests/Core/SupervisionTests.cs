using Hourglass.Backends;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>A backend child that throws is restarted, and every request it held is answered exactly once.</summary>
public sealed class SupervisionTests(ITestOutputHelper output) : HourglassTestKit(output)
{
    [Fact]
    public void A_crash_with_requests_in_flight_answers_every_one_of_them_BackendFailed_once()
    {
        const int inFlight = 5;
        var settings = HourglassSettings.Create(Sys) with { ClientBackend = BackendKind.Real };
        var hourglass = Sys.ActorOf(ClientBackendActor.Props(settings, realBackend: Props.Create(() => new HoldingBackend(inFlight))));

        var operations = Enumerable.Range(0, inFlight).Select(i => new SignalWorkflow(WorkflowHandle.Latest($"held-{i}"), "ping")).ToArray();
        foreach (var op in operations) hourglass.Tell(op);

        var replies = ReceiveN(inFlight).Cast<OperationFailed>().ToArray();
        Assert.All(replies, r =>
        {
            Assert.Equal(ErrorKind.BackendFailed, r.Error.Kind);
            Assert.Contains("crashed and was restarted", r.Error.Message);
            Assert.Contains("held 5", r.Error.Detail);
        });
        Assert.Equal(operations.Select(o => o.Handle.WorkflowId).Order(),
            replies.Select(r => ((SignalWorkflow)r.Request).Handle.WorkflowId).Order());
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_mock_responder_that_throws_is_answered_BackendFailed_and_the_mock_keeps_serving()
    {
        var calls = 0;
        Hourglass.Tell(MockScript.Expect<StartWorkflow>(2, op =>
            ++calls == 1 ? throw new InvalidOperationException("responder exploded")
                : new WorkflowStarted(new WorkflowHandle(op.Namespace!, op.WorkflowId, Guid.Empty.ToString()))));
        ExpectMsg<MockScriptAccepted>();

        Hourglass.Tell(new StartWorkflow("T", "boom-1"));
        Hourglass.Tell(new StartWorkflow("T", "boom-2"));

        var first = ExpectFailure(ErrorKind.BackendFailed);
        Assert.Equal("boom-1", ((StartWorkflow)first.Request).WorkflowId);
        Assert.Contains("responder exploded", first.Error.Detail);
        Assert.Equal("boom-2", ExpectMsg<WorkflowStarted>().Handle.WorkflowId);

        // Scripts and in-memory state live outside the actor: they survived the restart.
        Hourglass.Tell(MockScript.Verify());
        Assert.True(ExpectMsg<MockVerified>().Satisfied);
    }

    /// <summary>Holds every operation without answering, and crashes once it holds <c>crashAt</c>.</summary>
    private sealed class HoldingBackend(int crashAt) : BackendActorBase
    {
        internal override void Serve(Hourglass.Operations.BackendOperationSpec operation, IBackendOperation request, IActorRef replyTo, IActorRef owner)
        {
            Hold(request, replyTo);
            if (HeldCount == crashAt) throw new InvalidOperationException($"held {HeldCount}");
        }
    }
}
