using Hourglass.Protocol;

namespace Hourglass.Backends.Mock;

/// <summary>Reply to <see cref="VerifyMock"/>.</summary>
/// <param name="Unmet">Expectations not called as often as expected, described for people.</param>
/// <param name="UnexpectedCalls">Calls no script covered (each was answered UnexpectedCall).</param>
public sealed record MockVerified(IReadOnlyList<string> Unmet, IReadOnlyList<IBackendOperation> UnexpectedCalls) : IHourglassReply
{
    /// <summary>True when every expectation was met and nothing unexpected was called.</summary>
    public bool Satisfied => Unmet.Count == 0 && UnexpectedCalls.Count == 0;
}
