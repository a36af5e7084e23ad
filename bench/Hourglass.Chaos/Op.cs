using Akka.Actor;

namespace Hourglass.Chaos;

/// <summary>
/// One operation of the run: its number, its kind for the report, the request, where it goes. Handed
/// to the catchers in process only (it holds a task), so never serialized, even with --serialize.
/// </summary>
internal sealed record Op(int Index, string Name, object Request, ICanTell Target) : INoSerializationVerificationNeeded
{
    /// <summary>Completed with the first answer (null when none came within the bound).</summary>
    public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When its catcher sent it (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long SentAt { get; set; }
}
