using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hourglass.Tests.Host;

/// <summary>
/// <c>hourglass serve --hostname 127.0.0.1 --port 0 …</c> in a process of its own (the Host beside
/// the tests, run by the same <c>dotnet</c>), for what must not share the test process: a node that
/// a hostile message could end. Its address is read from the line it prints once it is Up; its log
/// is its stderr. Disposing kills it if it still runs.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process) => _process = process;

    /// <summary>The node's address, as printed.</summary>
    public string Address { get; private set; } = "";

    /// <summary>What the node printed on stdout.</summary>
    public LineWriter Output { get; } = new();

    /// <summary>The node's log (stderr).</summary>
    public LineWriter Log { get; } = new();

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    [GeneratedRegex(@"^hourglass node up at (?<address>akka(\.ssl)?\.tcp://\S+) \(roles: [^)]*\)$")]
    private static partial Regex UpLine();

    /// <summary>Starts the node with <paramref name="args"/> after <c>serve</c>'s own; returns once it is Up.</summary>
    public static Task<NodeProcess> StartAsync(params string[] args) => StartAsync(new Dictionary<string, string>(), args);

    /// <summary>Starts the node with <paramref name="environment"/> added to this process's variables; returns once it is Up.</summary>
    public static async Task<NodeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in (string[])[HostAssembly(), "serve", "--hostname", "127.0.0.1", "--port", "0", .. args])
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) node.Output.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) node.Log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var up = node.Output.WaitForLineAsync(l => UpLine().IsMatch(l), RunningNode.StartTimeout);
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(up, exited) != up || up.IsFaulted)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException($"the node did not come up\n{node}");
        }
        node.Address = UpLine().Match(await up).Groups["address"].Value;
        return node;
    }

    // The Host's own build output (tests/X/bin/<configuration>/<framework>/ → src/Hourglass.Host/bin/<configuration>/<framework>/):
    // there it has every dependency its deps.json names, as a published tool does.
    private static string HostAssembly()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = bin.Parent?.Parent?.Parent?.Parent?.Parent
            ?? throw new InvalidOperationException($"{bin.FullName} is not a test project's output folder");
        var host = Path.Combine(root.FullName, "src", "Hourglass.Host", "bin", bin.Parent!.Name, bin.Name, "Hourglass.Host.dll");
        return File.Exists(host) ? host : throw new FileNotFoundException($"the Host is not built at {host}");
    }

    /// <summary>Waits until the process ends, at most <paramref name="timeout"/>; returns its exit code, or null if it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var patience = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public override string ToString() => $"node process {Address}\n--- stdout\n{Output}\n--- log\n{Log}";
}
