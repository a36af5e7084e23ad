using System.Diagnostics;

namespace Hourglass.Benchmarks;

/// <summary>
/// Measures a candidate against a baseline in the same run, interleaving their rounds so that
/// machine noise falls on both, and reports the median of the rounds' ratios.
/// </summary>
public static class RatioBench
{
    /// <summary>
    /// One comparison. <see cref="TimeRatio"/> is the median over rounds of candidate ÷ baseline,
    /// each round's pair measured back to back (so a slow stretch of a shared machine falls on both);
    /// the µs and bytes are the medians of each side's rounds; <see cref="RatioLow"/> and
    /// <see cref="RatioHigh"/> the rounds' ratios at the first and third quartile (how noisy the run was).
    /// </summary>
    public sealed record Result(string Name, string Baseline, string Candidate, int Operations,
        double BaselineMicros, double CandidateMicros, double BaselineBytes, double CandidateBytes, double TimeRatio,
        double RatioLow, double RatioHigh)
    {
        /// <summary>Each session's median ratio, in the order run (one entry when there was one session).</summary>
        public IReadOnlyList<double> SessionRatios { get; init; } = [];

        public double BytesRatio => BaselineBytes == 0 ? double.NaN : CandidateBytes / BaselineBytes;
    }

    /// <summary>
    /// Warms both sides up for at least <paramref name="warmup"/> (tiered compilation promotes hot
    /// methods to optimized code only after they have run a while, later still on a busy machine),
    /// then runs <paramref name="rounds"/> interleaved rounds of <paramref name="operations"/> each.
    /// </summary>
    public static Task<Result> RunAsync(string name, int operations, int rounds,
        string baselineName, Func<int, Task> baseline, string candidateName, Func<int, Task> candidate, TimeSpan warmup) =>
        RunAsync(name, operations, rounds, baselineName, () => baseline, candidateName, () => candidate, warmup, sessions: 1);

    /// <summary>
    /// As the other overload, in <paramref name="sessions"/> sessions, each on sides made afresh by
    /// <paramref name="makeBaseline"/> and <paramref name="makeCandidate"/> (new actors): where the
    /// thread pool happens to place a pair of actors changes an actor round trip by up to 2×, and stays
    /// for as long as the actors live, so one placement must not decide a comparison. The rounds of
    /// every session are pooled.
    /// </summary>
    public static async Task<Result> RunAsync(string name, int operations, int rounds,
        string baselineName, Func<Func<int, Task>> makeBaseline, string candidateName, Func<Func<int, Task>> makeCandidate,
        TimeSpan warmup, int sessions)
    {
        var baseTimes = new List<double>();
        var candTimes = new List<double>();
        var baseBytes = new List<double>();
        var candBytes = new List<double>();
        var ratios = new List<double>();
        var sessionRatios = new List<double>();
        for (var session = 0; session < sessions; session++)
        {
            var sessionStart = ratios.Count;
            var baseline = makeBaseline();
            var candidate = makeCandidate();
            var warming = Stopwatch.StartNew();
            for (var pass = 0; pass < 2 || (session == 0 && warming.Elapsed < warmup); pass++)
            {
                await baseline(operations);
                await candidate(operations);
            }
            for (var round = 0; round < (rounds + sessions - 1) / sessions; round++)
            {
                // Alternate which side goes first, so neither always follows the other's garbage.
                var first = round % 2 == 0;
                await Measure(first ? baseline : candidate, operations, first ? baseTimes : candTimes, first ? baseBytes : candBytes);
                await Measure(first ? candidate : baseline, operations, first ? candTimes : baseTimes, first ? candBytes : baseBytes);
                ratios.Add(candTimes[^1] / baseTimes[^1]);
            }
            sessionRatios.Add(Median(ratios[sessionStart..]));
        }
        return new Result(name, baselineName, candidateName, operations,
            Median(baseTimes), Median(candTimes), Median(baseBytes), Median(candBytes), Median(ratios),
            Quantile(ratios, 0.25), Quantile(ratios, 0.75)) { SessionRatios = sessionRatios };
    }

    private static async Task Measure(Func<int, Task> run, int operations, List<double> times, List<double> bytes)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await run(operations);
        clock.Stop();
        bytes.Add((GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)operations);
        times.Add(clock.Elapsed.TotalMilliseconds * 1000 / operations);
    }

    /// <summary>The value at <paramref name="q"/> (0 to 1) of <paramref name="values"/>, interpolated between neighbours.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var at = q * (sorted.Length - 1);
        var below = (int)Math.Floor(at);
        return below + 1 < sorted.Length ? sorted[below] + (at - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
