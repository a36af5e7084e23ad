using Akka.Actor;
using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>
/// A Mox-style script line for the sender's own operations: an expectation (exactly
/// <see cref="Times"/> calls, consumed in order) or a stub (any number of calls). Build it with
/// <see cref="MockScript"/>. Answered with <see cref="MockScriptAccepted"/>. Local only: it holds
/// a delegate and cannot cross a node.
/// </summary>
/// <param name="OperationType">The operation type it answers (one of the six backend operations).</param>
/// <param name="Times">Calls expected; null for a stub.</param>
/// <param name="Responder">
/// Makes the answer: a reply message, or an <see cref="HourglassError"/> to fail with; null hands
/// the call to the in-memory Temporal.
/// </param>
public sealed record MockExpectation(Type OperationType, int? Times, Func<IBackendOperation, object>? Responder)
    : IMockMessage, INoSerializationVerificationNeeded
{
    /// <summary>True for a stub (any number of calls).</summary>
    public bool IsStub => Times is null;

    /// <inheritdoc />
    public override string ToString() =>
        IsStub ? $"stub {OperationType.Name}" : $"expect {OperationType.Name} x{Times}";
}
