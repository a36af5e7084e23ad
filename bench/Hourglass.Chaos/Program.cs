// The Hourglass chaos run (see ChaosOptions.Usage):
//   dotnet run -c Release --project bench/Hourglass.Chaos [-- --bounded | --operations N | --queries]
// Exit 0 when every request was answered exactly once and the server saw no duplicate; 1 otherwise.
using System.Diagnostics;
using System.Globalization;
using Hourglass.Chaos;

var options = ChaosOptions.Parse(args, Console.Error);
if (options is null) return 2;
if (options.Queries) return await QueryBoundRun.RunAsync(Console.Out) ? 0 : 1;

var real = options.Phase == "mock" ? 0 : options.Phase == "real" ? options.Operations : options.Operations * 4 / 5;
var mock = options.Operations - real;
var clock = Stopwatch.StartNew();
var results = new List<PhaseResult>();
if (real > 0) results.Add(await new ChaosPhase(options, "real", real, Console.Out).RunAsync());
if (mock > 0) results.Add(await new ChaosPhase(options, "mock", mock, Console.Out).RunAsync());
var ok = results.All(r => r.Ok);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"chaos: {(ok ? "OK" : "FAILED")}: sent {results.Sum(r => r.Sent):N0}, lost {results.Sum(r => r.Lost):N0}, doubled {results.Sum(r => r.Doubled):N0}, {clock.Elapsed.TotalSeconds:0.0} s in all"));
return ok ? 0 : 1;
