using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary><c>hourglass.max-queries</c> bounds the status, await and watch queries in flight.</summary>
public sealed class QueryBoundTests(ITestOutputHelper output) : HourglassTestKit(output, "hourglass.max-queries = 2")
{
    [Fact]
    public void Beyond_the_bound_a_query_answers_Overloaded_at_once_and_the_others_still_answer()
    {
        var handle = StartOne("bounded");
        var waiting = CreateTestProbe();
        Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(20)), waiting);
        Hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(20)), waiting);
        AwaitAssert(() =>
        {
            Hourglass.Tell(GetHourglassStats.Instance);
            Assert.Equal(2, ExpectMsg<HourglassStats>().ActiveQueries);
        });

        Hourglass.Tell(new GetWorkflowStatus(handle));
        var refused = ExpectFailure(ErrorKind.Overloaded);
        Assert.Contains("hourglass.max-queries", refused.Error.Message);

        Hourglass.Tell(new Hourglass.Backends.Mock.CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<Hourglass.Backends.Mock.MockWorkflowUpdated>();
        waiting.ExpectMsg<WorkflowClosed>();
        waiting.ExpectMsg<WorkflowClosed>();

        // Room again.
        Hourglass.Tell(new GetWorkflowStatus(handle));
        Assert.Equal(WorkflowState.Completed, ExpectMsg<WorkflowStatus>().State);
    }
}
