using Hourglass.Protocol;
using Hourglass.Serialization;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Backends.Mock;

/// <summary>The codecs of the mock's controls and replies (scripts hold delegates and never travel).</summary>
internal static class MockCodecs
{
    public static IReadOnlyList<MessageCodec> All { get; } =
    [
        MessageCodec.Of<CompleteWorkflow, P.CompleteWorkflow>("MCO", P.CompleteWorkflow.Parser,
            m =>
            {
                var p = new P.CompleteWorkflow { Handle = Write(m.Handle) };
                if (m.Result is not null) p.Result = Bytes(m.Result);
                return p;
            },
            p => new CompleteWorkflow(Read(p.Handle), ReadPayload(p.HasResult, p.Result))),
        MessageCodec.Of<FailWorkflow, P.FailWorkflow>("MFW", P.FailWorkflow.Parser,
            m =>
            {
                var p = new P.FailWorkflow { Handle = Write(m.Handle) };
                if (m.Failure is not null) p.Failure = Bytes(m.Failure);
                return p;
            },
            p => new FailWorkflow(Read(p.Handle), ReadFailure(p.HasFailure, p.Failure)!)),
        MessageCodec.Of<TerminateInMock, P.TerminateInMock>("MTE", P.TerminateInMock.Parser,
            m =>
            {
                var p = new P.TerminateInMock { Handle = Write(m.Handle) };
                if (m.Reason is not null) p.Reason = m.Reason;
                return p;
            },
            p => new TerminateInMock(Read(p.Handle), Str(p.HasReason, p.Reason)!)),
        MessageCodec.Of<TimeOutWorkflow, P.TimeOutWorkflow>("MTO", P.TimeOutWorkflow.Parser,
            m => new P.TimeOutWorkflow { Handle = Write(m.Handle) },
            p => new TimeOutWorkflow(Read(p.Handle))),
        MessageCodec.Of<HonourCancel, P.HonourCancel>("MHC", P.HonourCancel.Parser,
            m =>
            {
                var p = new P.HonourCancel { Handle = Write(m.Handle) };
                if (m.Details is not null) p.Details = Bytes(m.Details);
                return p;
            },
            p => new HonourCancel(Read(p.Handle), ReadPayload(p.HasDetails, p.Details))),
        MessageCodec.Of<ContinueAsNew, P.ContinueAsNew>("MCN", P.ContinueAsNew.Parser,
            m => new P.ContinueAsNew { Handle = Write(m.Handle), Args = Write(m.Args) },
            p => new ContinueAsNew(Read(p.Handle), Read(p.Args))),
        MessageCodec.Of<FailActivity, P.FailActivity>("MFA", P.FailActivity.Parser,
            m =>
            {
                var p = new P.FailActivity { Handle = Write(m.Handle), Attempt = m.Attempt };
                if (m.ActivityType is not null) p.ActivityType = m.ActivityType;
                if (m.Failure is not null) p.Failure = Bytes(m.Failure);
                return p;
            },
            p => new FailActivity(Read(p.Handle), Str(p.HasActivityType, p.ActivityType)!, p.Attempt, ReadFailure(p.HasFailure, p.Failure)!)),
        MessageCodec.Of<SetPendingActivity, P.SetPendingActivity>("MPA", P.SetPendingActivity.Parser,
            m =>
            {
                var p = new P.SetPendingActivity { Handle = Write(m.Handle), Attempt = m.Attempt };
                if (m.ActivityType is not null) p.ActivityType = m.ActivityType;
                if (m.LastFailure is not null) p.LastFailure = Bytes(m.LastFailure);
                return p;
            },
            p => new SetPendingActivity(Read(p.Handle), Str(p.HasActivityType, p.ActivityType)!, p.Attempt, ReadFailure(p.HasLastFailure, p.LastFailure))),
        MessageCodec.Of<AnswerQuery, P.AnswerQuery>("MAQ", P.AnswerQuery.Parser,
            m =>
            {
                var p = new P.AnswerQuery { Handle = Write(m.Handle) };
                if (m.QueryType is not null) p.QueryType = m.QueryType;
                if (m.Answer is { } answer)
                {
                    p.Answer = new P.QueryAnswer { Result = Write(answer.Result) };
                    if (answer.Failure is not null) p.Answer.Failure = Bytes(answer.Failure);
                }
                return p;
            },
            p => new AnswerQuery(Read(p.Handle), Str(p.HasQueryType, p.QueryType)!,
                p.Answer is null ? null! : new QueryAnswer(p.Answer.Result is null ? null : Read(p.Answer.Result), ReadFailure(p.Answer.HasFailure, p.Answer.Failure)))),
        MessageCodec.Of<AnswerUpdate, P.AnswerUpdate>("MAU", P.AnswerUpdate.Parser,
            m =>
            {
                var p = new P.AnswerUpdate { Handle = Write(m.Handle) };
                if (m.UpdateName is not null) p.UpdateName = m.UpdateName;
                if (m.Answer is { } answer)
                {
                    p.Answer = new P.UpdateAnswer { Kind = (int)answer.Kind, Result = Write(answer.Result) };
                    if (answer.Failure is not null) p.Answer.Failure = Bytes(answer.Failure);
                }
                return p;
            },
            p => new AnswerUpdate(Read(p.Handle), Str(p.HasUpdateName, p.UpdateName)!,
                p.Answer is null
                    ? null!
                    : new UpdateAnswer((UpdateAnswerKind)p.Answer.Kind, p.Answer.Result is null ? null : Read(p.Answer.Result),
                        ReadFailure(p.Answer.HasFailure, p.Answer.Failure)))),
        MessageCodec.Of<MockWorkflowUpdated, P.MockWorkflowUpdated>("MWU", P.MockWorkflowUpdated.Parser,
            m => new P.MockWorkflowUpdated { Handle = Write(m.Handle) },
            p => new MockWorkflowUpdated(Read(p.Handle))),
        MessageCodec.Singleton("MVE", VerifyMock.Instance),
        MessageCodec.Singleton("MRE", ResetMock.Instance),
        MessageCodec.Of<MockScriptAccepted, P.MockScriptAccepted>("MSA", P.MockScriptAccepted.Parser,
            m =>
            {
                var p = new P.MockScriptAccepted();
                if (m.Description is not null) p.Description = m.Description;
                return p;
            },
            p => new MockScriptAccepted(Str(p.HasDescription, p.Description)!)),
        MessageCodec.Of<MockVerified, P.MockVerified>("MVD", P.MockVerified.Parser,
            (m, wire) =>
            {
                var p = new P.MockVerified { Unmet = Write(m.Unmet, "MockVerified.Unmet") };
                if (m.UnexpectedCalls is not null)
                {
                    p.UnexpectedCalls = new P.NestedList();
                    foreach (var call in m.UnexpectedCalls)
                        p.UnexpectedCalls.Items.Add(wire.Nest(call ?? throw NullElement("MockVerified.UnexpectedCalls"))!);
                }
                return p;
            },
            (p, wire) => new MockVerified(Read(p.Unmet),
                p.UnexpectedCalls is null
                    ? null!
                    : p.UnexpectedCalls.Items.Select(call => wire.Unnest<IBackendOperation>(call, "MockVerified.UnexpectedCalls")!).ToArray())),
    ];
}
