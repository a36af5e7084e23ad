using Akka.Actor;

namespace Hourglass.Benchmarks;

/// <summary>What every benchmark shares: the system, the run's size, and where results and facts go.</summary>
public sealed record BenchContext(ActorSystem System, bool Quick, int Rounds, List<RatioBench.Result> Results, List<string> Facts)
{
    /// <summary>Prints a fact and keeps it for the summary.</summary>
    public void Fact(string fact)
    {
        Console.WriteLine($"  {fact}");
        Facts.Add(fact);
    }
}
