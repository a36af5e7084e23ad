using System.Globalization;

namespace Hourglass.Chaos;

/// <summary>The command line: what to run, how much, how hard.</summary>
internal sealed record ChaosOptions
{
    public const string Usage = """
        Hourglass chaos run: mixed operations against the fake Temporal frontend through a ClientBackendActor,
        with faults, server restarts and kills of the router and its children; every request must be answered
        exactly once and the server must see no duplicate start or signal.

          dotnet run -c Release --project bench/Hourglass.Chaos -- [options]

          --bounded          the CI form: 5,000 operations (4,000 real, 1,000 mock), denser chaos
          --operations N     operations in all (default 100,000: 80% on the real backend, 20% on the mock)
          --phase P          real | mock | both (default both)
          --window N         operations in flight at once (default 128)
          --seed N           the random seed (default 1)
          --queries          instead: the hourglass.max-queries check (100,000 status queries)
          --calm             no chaos at all (a baseline)
          --serialize        akka.actor.serialize-messages = on
          --log              Akka's warnings and errors on stdout
          --why              with the outcomes, the first error of each kind for each operation
        """;

    public int Operations { get; init; } = 100_000;
    public string Phase { get; init; } = "both";
    public int Window { get; init; } = 128;
    public int Seed { get; init; } = 1;
    public bool Bounded { get; init; }
    public bool Queries { get; init; }
    public bool Serialize { get; init; }
    public bool Calm { get; init; }
    public bool Log { get; init; }
    public bool Why { get; init; }

    /// <summary>
    /// Operations sent between two acts of chaos, on average: the bounded form acts more densely, so
    /// its few thousand operations meet every kind of act a few times.
    /// </summary>
    public int ChaosEvery(string backend) => (backend, Bounded) switch
    {
        ("real", true) => 100,
        ("real", false) => 400,
        (_, true) => 30,
        _ => 150,
    };

    private static string PhaseNamed(string phase) =>
        phase is "real" or "mock" or "both" ? phase : throw new FormatException("--phase is real, mock or both");

    public static ChaosOptions? Parse(string[] args, TextWriter error)
    {
        var options = new ChaosOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            int Number() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new FormatException($"{args[i - 1]} takes a positive whole number");
            if (args[i] is "--help" or "-h")
            {
                error.WriteLine(Usage);
                return null;
            }
            try
            {
                options = args[i] switch
                {
                    "--bounded" => options with { Bounded = true, Operations = 5_000 },
                    "--operations" => options with { Operations = Number() },
                    "--phase" => options with { Phase = PhaseNamed(Next()) },
                    "--window" => options with { Window = Number() },
                    "--seed" => options with { Seed = Number() },
                    "--queries" => options with { Queries = true },
                    "--serialize" => options with { Serialize = true },
                    "--calm" => options with { Calm = true },
                    "--log" => options with { Log = true },
                    "--why" => options with { Why = true },
                    _ => throw new FormatException($"unknown option {args[i]}"),
                };
            }
            catch (FormatException e)
            {
                error.WriteLine($"hourglass-chaos: {e.Message}");
                error.WriteLine(Usage);
                return null;
            }
        }
        return options;
    }
}
