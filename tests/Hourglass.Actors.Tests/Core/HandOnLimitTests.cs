using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Routing;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>
/// A message that dies in its backend's mailbox every time it is handed back is answered
/// BackendFailed after a few tries — as if by that backend, so a status query, which takes answers
/// only from its backend's path, hears it at once instead of waiting out its query timeout.
/// </summary>
public sealed class HandOnLimitTests(ITestOutputHelper output) : HourglassTestKit(output, "hourglass.query-timeout = 60s")
{
    [Fact]
    public void A_status_query_whose_describe_keeps_dying_in_its_backends_mailbox_is_answered_BackendFailed_at_once()
    {
        var settings = HourglassSettings.Create(Sys);
        var router = KeptRouter.Start(Sys, ClientBackendActor.Props(settings, mockBackend: Props.Create(() => new Dying())), "dying");

        router.Tell(new GetWorkflowStatus(WorkflowHandle.Latest("never-served")));

        // Far sooner than hourglass.query-timeout (60 s), and only once.
        var failed = ExpectMsg<OperationFailed>(TimeSpan.FromSeconds(15));
        Assert.Equal(ErrorKind.BackendFailed, failed.Error.Kind);
        Assert.IsType<GetWorkflowStatus>(failed.Request);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    // A backend that stops on every message and puts the message back in its own mailbox, where it dies.
    private sealed class Dying : ReceiveActor
    {
        public Dying() =>
            ReceiveAny(message =>
            {
                Context.Stop(Self);
                Self.Forward(message);
            });
    }
}
