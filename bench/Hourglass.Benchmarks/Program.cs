// Hourglass benchmarks: each reports a candidate against a baseline measured in the same run.
//   dotnet run -c Release --project bench/Hourglass.Benchmarks [-- --quick] [-- --only <name>]
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Benchmarks;
using Hourglass.Configuration;

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var rounds = quick ? 3 : 9;
var results = new List<RatioBench.Result>();
var facts = new List<string>();

var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING").WithFallback(HourglassConfig.Default());
using var system = ActorSystem.Create("bench", config);
var context = new BenchContext(system, quick, rounds, results, facts);

IReadOnlyList<(string Name, Func<BenchContext, Task> Run)> benchmarks =
[
    ("router", RouterBenchmarks.RouterOverMockAsync),
    ("echo", RouterBenchmarks.MockPathAgainstEchoAsync),
    ("describe", EngineBenchmarks.DescribeIsConstantAsync),
    ("await", AwaitBenchmarks.AwaitLatencyAndCallsAsync),
    ("awaits", AwaitBenchmarks.ManyAwaitsAsync),
    ("real", RealBackendBenchmarks.RealOverBareClientAsync),
    ("wire", WireBenchmarks.ProtobufAgainstJsonAsync),
];
foreach (var (name, run) in benchmarks)
{
    if (only is not null && only != name) continue;
    Console.WriteLine($"== {name}");
    await run(context);
}

Console.WriteLine();
Console.WriteLine("| benchmark | baseline | candidate | ops/round | baseline µs/op | candidate µs/op | time ratio | baseline B/op | candidate B/op | bytes ratio |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Baseline} | {r.Candidate} | {r.Operations} | {r.BaselineMicros:0.00} | {r.CandidateMicros:0.00} | {r.TimeRatio:0.00}x | {r.BaselineBytes:0} | {r.CandidateBytes:0} | {r.BytesRatio:0.00}x |"));
}
if (facts.Count > 0)
{
    Console.WriteLine();
    foreach (var fact in facts) Console.WriteLine($"- {fact}");
}
await system.Terminate();
