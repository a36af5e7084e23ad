using Hourglass.Backends.Mock;
using Hourglass.Protocol;

namespace Hourglass.Tests.Support;

/// <summary>
/// The messages that close a running workflow a given way: mock controls, or the contract's cancel
/// followed by the worker honouring it (a cancel request alone leaves the run Running, as on a server).
/// </summary>
public static class Closing
{
    public static readonly string[] Ways = ["complete", "fail", "cancel", "terminate", "time-out", "continue"];

    public static IReadOnlyList<IHourglassRequest> Messages(WorkflowHandle handle, string how) => how switch
    {
        "complete" => [new CompleteWorkflow(handle, (object?)"result")],
        "fail" => [new FailWorkflow(handle, "workflow blew up", "Boom")],
        "cancel" => [new CancelWorkflow(handle, "stop"), new HonourCancel(handle, (object?)"stopped")],
        "terminate" => [new TerminateInMock(handle, "operator")],
        "time-out" => [new TimeOutWorkflow(handle)],
        "continue" => [new ContinueAsNew(handle, "next")],
        _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
    };

    /// <summary>True for a reply that confirms one of <see cref="Messages"/> took effect.</summary>
    public static bool IsConfirmation(object reply) => reply is MockWorkflowUpdated or CancelRequested;
}
