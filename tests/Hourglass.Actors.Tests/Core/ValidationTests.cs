using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>Bad input is refused with InvalidArgument before any backend sees it.</summary>
public sealed class ValidationTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.max-payload-bytes = 1024")
{
    private static readonly WorkflowHandle Good = new("default", "wf-1");

    public static TheoryData<string, IHourglassOperation, string> BadInput => new()
    {
        { "missing workflow id", new StartWorkflow("OrderWorkflow", ""), "StartWorkflow.WorkflowId is required" },
        { "blank workflow id", new StartWorkflow("OrderWorkflow", "   "), "StartWorkflow.WorkflowId is required" },
        { "blank workflow type", new StartWorkflow(" ", "wf-1"), "StartWorkflow.WorkflowType is required" },
        { "malformed start namespace", new StartWorkflow("T", "wf-1") { Namespace = "bad namespace!" }, "namespace name" },
        { "negative timeout", new StartWorkflow("T", "wf-1") { RunTimeout = TimeSpan.FromSeconds(-1) }, "StartWorkflow.RunTimeout must be positive" },
        { "oversized args", new StartWorkflow("T", "wf-1", new string('x', 2000)), "over hourglass.max-payload-bytes = 1024" },
        { "handle without id", new DescribeWorkflow(new WorkflowHandle("default", "")), "DescribeWorkflow.Handle.WorkflowId is required" },
        { "malformed handle namespace", new FetchHistory(new WorkflowHandle("-dash", "wf-1")), "namespace name" },
        { "run id not a uuid", new DescribeWorkflow(Good with { RunId = "run-1" }), "is not a UUID" },
        { "blank signal name", new SignalWorkflow(Good, " "), "SignalWorkflow.SignalName is required" },
        { "oversized signal", new SignalWorkflow(Good, "big", new string('y', 2000)), "max-payload-bytes" },
        { "null cancel reason", new CancelWorkflow(Good, null!), "CancelWorkflow.Reason is required" },
        { "cancel without id", new CancelWorkflow(new WorkflowHandle("default", "")), "CancelWorkflow.Handle.WorkflowId is required" },
        { "empty namespace to ensure", new EnsureNamespace(""), "EnsureNamespace.Name is required" },
        { "malformed namespace to ensure", new EnsureNamespace("a b"), "namespace name" },
        { "status without id", new GetWorkflowStatus(new WorkflowHandle("default", "")), "GetWorkflowStatus.Handle.WorkflowId is required" },
        { "await with zero timeout", new AwaitWorkflow(Good, TimeSpan.Zero), "AwaitWorkflow.Timeout must be positive" },
        { "await with negative poll", new AwaitWorkflow(Good, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(-1)), "AwaitWorkflow.PollInterval must be between" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_answers_InvalidArgument_before_any_backend_call(string why, IHourglassOperation operation, string expected)
    {
        // A probe as the backend proves nothing reached a backend.
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        Hourglass.Tell(operation);

        var failed = ExpectFailure(ErrorKind.InvalidArgument);
        // The request exactly as sent (by value: with serialize-messages on, the reply holds a copy).
        MessageAssert.Equivalent(operation, failed.Request);
        Assert.True(failed.Error.Message.Contains(expected, StringComparison.Ordinal), $"{why}: {failed.Error.Message}");
        backend.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Defaults_are_filled_in_before_the_backend_sees_the_operation()
    {
        var backend = CreateTestProbe();
        Hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        ExpectMsg<BackendChanged>();

        var start = new StartWorkflow("OrderWorkflow", "wf-2", 1);
        Hourglass.Tell(start);
        var seen = backend.ExpectMsg<StartWorkflow>();
        Assert.Equal("default", seen.Namespace);
        Assert.Equal("default", seen.TaskQueue);
        Assert.Equal(start.RequestId, seen.RequestId);
        Assert.Equal(TestActor, backend.LastSender);

        Hourglass.Tell(new SignalWorkflow(WorkflowHandle.Latest("wf-2"), "go"));
        Assert.Equal("default", backend.ExpectMsg<SignalWorkflow>().Handle.Namespace);
    }

    [Fact]
    public void Request_ids_are_made_when_the_message_is_built()
    {
        var a = new StartWorkflow("T", "wf");
        var b = new StartWorkflow("T", "wf");

        Assert.NotEqual(a.RequestId, b.RequestId);
        Assert.Equal(a.RequestId, (a with { TaskQueue = "q" }).RequestId);
        Assert.True(Guid.TryParse(new CancelWorkflow(Good).RequestId, out _));
    }
}
