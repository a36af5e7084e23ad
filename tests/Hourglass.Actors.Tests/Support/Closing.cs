using Hourglass.Backends.Mock;
using Hourglass.Protocol;

namespace Hourglass.Tests.Support;

/// <summary>The message that closes a running workflow a given way: a mock control, or the contract's cancel.</summary>
public static class Closing
{
    public static readonly string[] Ways = ["complete", "fail", "cancel", "terminate", "time-out", "continue"];

    public static IHourglassRequest Message(WorkflowHandle handle, string how) => how switch
    {
        "complete" => new CompleteWorkflow(handle, (object?)"result"),
        "fail" => new FailWorkflow(handle, "workflow blew up", "Boom"),
        "cancel" => new CancelWorkflow(handle, "stop"),
        "terminate" => new TerminateInMock(handle, "operator"),
        "time-out" => new TimeOutWorkflow(handle),
        "continue" => new ContinueAsNew(handle, "next"),
        _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
    };

    /// <summary>True for the reply that confirms <see cref="Message"/> took effect.</summary>
    public static bool IsConfirmation(object reply) => reply is MockWorkflowUpdated or CancelRequested;
}
