using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>
/// Builds Mox-style scripts for the mock backend. Scripts belong to the sender that sends them
/// (as in Mox's private mode), so concurrent tests do not collide; once a sender has any script,
/// a call of theirs that no expectation or stub covers answers <see cref="ErrorKind.UnexpectedCall"/>.
/// </summary>
/// <example>
/// <code>
/// hourglass.Tell(MockScript.Expect&lt;StartWorkflow&gt;(op =&gt; new WorkflowStarted(new WorkflowHandle(op.Namespace!, op.WorkflowId, runId))));
/// hourglass.Tell(MockScript.Stub&lt;DescribeWorkflow&gt;(_ =&gt; HourglassError.NotFound("gone")));
/// // ... exercise the code under test ...
/// hourglass.Tell(MockScript.Verify());   // answers MockVerified
/// </code>
/// </example>
public static class MockScript
{
    /// <summary>Expects exactly one call of <typeparamref name="T"/>, answered by <paramref name="responder"/>.</summary>
    public static MockExpectation Expect<T>(Func<T, object> responder) where T : IBackendOperation =>
        Expect(1, responder);

    /// <summary>Expects exactly <paramref name="times"/> calls of <typeparamref name="T"/>, in order with other expectations of it.</summary>
    public static MockExpectation Expect<T>(int times, Func<T, object> responder) where T : IBackendOperation
    {
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        return new MockExpectation(typeof(T), times, op => responder((T)op));
    }

    /// <summary>Answers any number of calls of <typeparamref name="T"/> with <paramref name="responder"/>.</summary>
    public static MockExpectation Stub<T>(Func<T, object> responder) where T : IBackendOperation
    {
        ArgumentNullException.ThrowIfNull(responder);
        return new MockExpectation(typeof(T), null, op => responder((T)op));
    }

    /// <summary>Lets any number of calls of <typeparamref name="T"/> through to the in-memory Temporal.</summary>
    public static MockExpectation PassThrough<T>() where T : IBackendOperation =>
        new(typeof(T), null, null);

    /// <summary>Asks whether every expectation of the sender's was met. Answered with <see cref="MockVerified"/>.</summary>
    public static VerifyMock Verify() => VerifyMock.Instance;

    /// <summary>Forgets the sender's scripts and returns it to the in-memory Temporal. Answered with <see cref="MockScriptAccepted"/>.</summary>
    public static ResetMock Reset() => ResetMock.Instance;
}
