namespace Hourglass.Tests.Support;

/// <summary>The two ways a test takes an actor down: a crash (<c>Kill</c>, then a restart) or a stop (<c>PoisonPill</c>).</summary>
public static class Blows
{
    /// <summary>Both, for a theory's <c>MemberData</c>.</summary>
    public static TheoryData<string> Both() => new() { "Kill", "PoisonPill" };

    /// <summary>The message that deals the blow named.</summary>
    public static object Of(string how) => how == "Kill" ? Kill.Instance : PoisonPill.Instance;
}
