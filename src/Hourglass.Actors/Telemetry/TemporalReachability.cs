using System.Diagnostics;
using System.Runtime.CompilerServices;
using Hourglass.Backends.Real;

namespace Hourglass.Telemetry;

/// <summary>
/// Whether a real backend's connection reaches Temporal, as its RPC attempts found: when the server
/// last answered (a success, or any status the server itself sends), and when an attempt last could
/// not reach it (no connection, or UNAVAILABLE). One per <see cref="TemporalConnector"/>, shared by
/// every backend on it; thread-safe. The <c>hourglass.temporal.connected</c> gauge and the readiness
/// check read it.
/// </summary>
internal sealed class TemporalReachability
{
    private static readonly ConditionalWeakTable<TemporalConnector, TemporalReachability> Table = new();

    private long _lastAnswer;
    private long _lastFailure;
    private string? _lastProblem;

    /// <summary>The reachability of <paramref name="connector"/>'s connection.</summary>
    public static TemporalReachability Of(TemporalConnector connector) => Table.GetValue(connector, static _ => new TemporalReachability());

    /// <summary>True when an attempt reached Temporal and none failed to since.</summary>
    public bool Connected
    {
        get
        {
            var answer = Volatile.Read(ref _lastAnswer);
            return answer != 0 && answer >= Volatile.Read(ref _lastFailure);
        }
    }

    /// <summary>How long ago Temporal last answered; null when it never has.</summary>
    public TimeSpan? SinceAnswer => Volatile.Read(ref _lastAnswer) is var t and not 0 ? Stopwatch.GetElapsedTime(t) : null;

    /// <summary>What the last attempt that could not reach Temporal met; null when none failed.</summary>
    public string? LastProblem => Volatile.Read(ref _lastProblem);

    /// <summary>Temporal answered an attempt just now.</summary>
    public void Answered() => Volatile.Write(ref _lastAnswer, Stopwatch.GetTimestamp());

    /// <summary>An attempt could not reach Temporal just now.</summary>
    public void Unreached(string problem)
    {
        Volatile.Write(ref _lastProblem, problem);
        Volatile.Write(ref _lastFailure, Stopwatch.GetTimestamp());
    }
}
