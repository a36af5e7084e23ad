using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Core;

/// <summary>
/// A production node (real backend, <c>allow-overrides = off</c>): nothing meant for the mock
/// reaches a mock there, and no mock backend is ever created.
/// </summary>
public sealed class ProductionNodeTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.client-backend = real\nhourglass.allow-overrides = off")
{
    public static TheoryData<string> MockMessages() => new()
    {
        nameof(CompleteWorkflow), nameof(FailWorkflow), nameof(TerminateInMock), nameof(TimeOutWorkflow),
        nameof(HonourCancel), nameof(ContinueAsNew), nameof(FailActivity), nameof(SetPendingActivity),
        nameof(HandleQuery), nameof(AnswerQuery), nameof(HandleUpdate), nameof(AnswerUpdate),
        "Expect", "Stub", "PassThrough", nameof(VerifyMock), nameof(ResetMock),
    };

    private static IMockMessage Message(string name)
    {
        var handle = WorkflowHandle.Latest("wf-1");
        return name switch
        {
            nameof(CompleteWorkflow) => new CompleteWorkflow(handle, (object?)"done"),
            nameof(FailWorkflow) => new FailWorkflow(handle, "boom"),
            nameof(TerminateInMock) => new TerminateInMock(handle, "operator"),
            nameof(TimeOutWorkflow) => new TimeOutWorkflow(handle),
            nameof(HonourCancel) => new HonourCancel(handle, (object?)"refunded"),
            nameof(ContinueAsNew) => new ContinueAsNew(handle, 1),
            nameof(FailActivity) => new FailActivity(handle, "Charge", 1, "declined"),
            nameof(SetPendingActivity) => new SetPendingActivity(handle, "Charge", 2),
            nameof(HandleQuery) => new HandleQuery(handle, "progress", _ => QueryAnswer.Of(1)),
            nameof(AnswerQuery) => new AnswerQuery(handle, "progress", QueryAnswer.Of(1)),
            nameof(HandleUpdate) => new HandleUpdate(handle, "add", _ => UpdateAnswer.Complete()),
            nameof(AnswerUpdate) => new AnswerUpdate(handle, "add", UpdateAnswer.Reject("no")),
            "Expect" => MockScript.Expect<StartWorkflow>(_ => HourglassError.NotFound("x")),
            "Stub" => MockScript.Stub<DescribeWorkflow>(_ => HourglassError.NotFound("x")),
            "PassThrough" => MockScript.PassThrough<SignalWorkflow>(),
            nameof(VerifyMock) => MockScript.Verify(),
            nameof(ResetMock) => MockScript.Reset(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    [Theory]
    [MemberData(nameof(MockMessages))]
    public async Task Every_mock_message_is_refused_PermissionDenied_and_no_mock_is_created(string name)
    {
        Hourglass.Tell(Message(name));

        var failed = ExpectFailure(ErrorKind.PermissionDenied);
        Assert.Contains("hourglass.allow-overrides = off", failed.Error.Message);
        var mock = await Sys.ActorSelection(Hourglass.Path / "mock").Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(3));
        Assert.Null(mock.Subject);
    }
}
