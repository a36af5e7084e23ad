// Hourglass benchmarks: each reports a candidate against a baseline measured in the same run, and
// checks the targets of issues 7 and 8 against their bounds: PASS or FAIL each, exit code 1 if any fails.
//   dotnet run -c Release --project bench/Hourglass.Benchmarks [-- --quick] [-- --only <name>[,<name>...]]
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Hourglass.Benchmarks;
using Hourglass.Configuration;

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var rounds = quick ? 12 : 42;
var results = new List<RatioBench.Result>();
var facts = new List<string>();
var verdicts = new List<BenchContext.Verdict>();

var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING").WithFallback(HourglassConfig.Default());
using var system = ActorSystem.Create("bench", config);
var context = new BenchContext(system, quick, rounds, results, facts, verdicts);

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
var unknown = only?.Where(o => benchmarks.All(b => b.Name != o)).ToArray() ?? [];
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"unknown benchmark(s) {string.Join(", ", unknown)}; there are {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Hourglass benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")}: {rounds} rounds after {context.Warmup.TotalSeconds:0} s of warm-up ({context.Sessions} sessions on fresh actors where actors are compared)"));
foreach (var (name, run) in benchmarks)
{
    if (only is not null && !only.Contains(name)) continue;
    Console.WriteLine($"== {name}");
    await run(context);
}

Console.WriteLine();
Console.WriteLine("| benchmark | baseline | candidate | ops/round | baseline µs/op | candidate µs/op | time ratio (quartiles) | baseline B/op | candidate B/op | bytes ratio |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Baseline} | {r.Candidate} | {r.Operations} | {r.BaselineMicros:0.000} | {r.CandidateMicros:0.000} | {r.TimeRatio:0.00}x ({r.RatioLow:0.00}–{r.RatioHigh:0.00}) | {r.BaselineBytes:0} | {r.CandidateBytes:0} | {r.BytesRatio:0.00}x |"));
}
if (facts.Count > 0)
{
    Console.WriteLine();
    foreach (var fact in facts) Console.WriteLine($"- {fact}");
}
if (verdicts.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine("| target | measured | bound | verdict |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var v in verdicts) Console.WriteLine($"| {v.Target} | {v.Measured} | {v.Bound} | {(v.Pass ? "PASS" : "FAIL")} |");
    var failed = verdicts.Count(v => !v.Pass);
    Console.WriteLine();
    Console.WriteLine(failed == 0 ? $"all {verdicts.Count} targets PASS" : $"{failed} of {verdicts.Count} targets FAIL");
}
await system.Terminate();
return verdicts.Any(v => !v.Pass) ? 1 : 0;
