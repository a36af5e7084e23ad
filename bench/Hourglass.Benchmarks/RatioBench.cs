using System.Diagnostics;

namespace Hourglass.Benchmarks;

/// <summary>
/// Measures a candidate against a baseline in the same run, interleaving their rounds so that
/// machine noise falls on both, and reports the ratio of the medians.
/// </summary>
public static class RatioBench
{
    public sealed record Result(string Name, string Baseline, string Candidate, int Operations,
        double BaselineMicros, double CandidateMicros, double BaselineBytes, double CandidateBytes)
    {
        public double TimeRatio => CandidateMicros / BaselineMicros;

        public double BytesRatio => BaselineBytes == 0 ? double.NaN : CandidateBytes / BaselineBytes;
    }

    /// <summary>Runs <paramref name="rounds"/> interleaved rounds of <paramref name="operations"/> each, after one warm-up round of each.</summary>
    public static async Task<Result> RunAsync(string name, int operations, int rounds,
        string baselineName, Func<int, Task> baseline, string candidateName, Func<int, Task> candidate)
    {
        await baseline(operations);
        await candidate(operations);
        var baseTimes = new List<double>();
        var candTimes = new List<double>();
        var baseBytes = new List<double>();
        var candBytes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var first = round % 2 == 0;
            await Measure(first ? baseline : candidate, operations, first ? baseTimes : candTimes, first ? baseBytes : candBytes);
            await Measure(first ? candidate : baseline, operations, first ? candTimes : baseTimes, first ? candBytes : baseBytes);
        }
        return new Result(name, baselineName, candidateName, operations,
            Median(baseTimes), Median(candTimes), Median(baseBytes), Median(candBytes));
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
