using System.Globalization;
using Akka.Actor;

namespace Hourglass.Benchmarks;

/// <summary>What every benchmark shares: the system, the run's size, and where results, facts and verdicts go.</summary>
public sealed record BenchContext(ActorSystem System, bool Quick, int Rounds, List<RatioBench.Result> Results, List<string> Facts, List<BenchContext.Verdict> Verdicts)
{
    /// <summary>One target of issue 8 (or 7) checked against its bound in this run.</summary>
    /// <param name="Target">What is promised, in words.</param>
    /// <param name="Measured">What this run measured.</param>
    /// <param name="Bound">The bound it is held to.</param>
    /// <param name="Pass">Whether the measure is within its bound.</param>
    public sealed record Verdict(string Target, string Measured, string Bound, bool Pass);

    /// <summary>
    /// In how many sessions, each on actors made afresh, an actor comparison's rounds are measured.
    /// Where the thread pool places a pair of actors sets their round trip for as long as they live,
    /// up to 2x apart (an echo pair now and then runs at a third of its usual time); with three
    /// sessions, two such placements out of three decided a comparison, so there are nine.
    /// </summary>
    public int Sessions => 9;

    /// <summary>How long each comparison warms both sides up before its measured rounds.</summary>
    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    /// <summary>Prints a fact and keeps it for the summary.</summary>
    public void Fact(string fact)
    {
        Console.WriteLine($"  {fact}");
        Facts.Add(fact);
    }

    /// <summary>Records and prints a target's verdict.</summary>
    public void Check(string target, string measured, string bound, bool pass)
    {
        Console.WriteLine($"  {(pass ? "PASS" : "FAIL")} {target}: {measured} (bound: {bound})");
        Verdicts.Add(new Verdict(target, measured, bound, pass));
    }

    /// <summary>Adds a comparison to the results; with <paramref name="maxRatio"/>, checks its time ratio against it.</summary>
    public RatioBench.Result Add(RatioBench.Result result, string? target = null, double? maxRatio = null)
    {
        Results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.Name}: {result.BaselineMicros:0.000} µs/op → {result.CandidateMicros:0.000} µs/op, ratio {result.TimeRatio:0.00}x (rounds' quartiles {result.RatioLow:0.00}–{result.RatioHigh:0.00}{SessionList(result)})"));
        if (target is not null && maxRatio is { } max)
            Check(target, Ratio(result.TimeRatio), $"≤ {Ratio(max)}", result.TimeRatio <= max);
        return result;
    }

    private static string SessionList(RatioBench.Result result) => result.SessionRatios.Count < 2
        ? ""
        : "; sessions' " + string.Join(" ", result.SessionRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));

    /// <summary>A ratio as the tables write it.</summary>
    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";
}
