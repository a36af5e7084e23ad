using System.Diagnostics;

namespace Hourglass.Benchmarks;

/// <summary>The standalone fake frontend in a process of its own (tests/Hourglass.FakeTemporal.Server), stopped on dispose.</summary>
public sealed class FakeProcess : IDisposable
{
    private readonly Process _process;

    private FakeProcess(Process process, string target)
    {
        _process = process;
        Target = target;
    }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Target { get; }

    public static async Task<FakeProcess> StartAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Hourglass.sln"))) root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))
            ?? throw new InvalidOperationException("run the benchmarks from a clone: Hourglass.sln not found above " + AppContext.BaseDirectory);
        var process = Process.Start(new ProcessStartInfo("dotnet", $"run -c Release --project \"{Path.Combine(root, "tests", "Hourglass.FakeTemporal.Server")}\" -- --port 0")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start the fake frontend");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var at = line.IndexOf("listening on ", StringComparison.Ordinal);
            if (at >= 0) return new FakeProcess(process, line[(at + "listening on ".Length)..].Split(' ')[0]);
        }
        throw new InvalidOperationException("the fake frontend ended before it listened: " + await process.StandardError.ReadToEndAsync());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
