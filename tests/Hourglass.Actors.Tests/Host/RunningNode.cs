using System.Text.RegularExpressions;
using Hourglass.Host.Cli;

namespace Hourglass.Tests.Host;

/// <summary>
/// A node run in-process as <c>hourglass serve --hostname 127.0.0.1 --port 0 …</c>, through
/// <see cref="HourglassCli.RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>. Its
/// address is read from the line it prints once it is Up; stopping cancels the token, as Ctrl+C does.
/// </summary>
public sealed partial class RunningNode : IAsyncDisposable
{
    /// <summary>Generous: a 2-core machine running other tests at the same time is slow to start a cluster node.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _stop = new();

    private RunningNode(Task<int> exit) => Exit = exit;

    /// <summary>The node's address, as printed: <c>akka.tcp://hourglass@127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>What the node printed on stdout.</summary>
    public LineWriter Output { get; } = new();

    /// <summary>The node's log (stderr).</summary>
    public LineWriter Log { get; } = new();

    /// <summary>The exit code, once <c>serve</c> returns.</summary>
    public Task<int> Exit { get; private set; }

    [GeneratedRegex(@"^hourglass node up at (?<address>akka(\.ssl)?\.tcp://\S+) \(roles: (?<roles>[^)]*)\)$")]
    private static partial Regex UpLine();

    /// <summary>The roles the up line printed.</summary>
    public string Roles { get; private set; } = "";

    /// <summary>Starts <c>serve</c> on loopback, a free port, with <paramref name="args"/>; returns once it is Up.</summary>
    public static async Task<RunningNode> StartAsync(params string[] args)
    {
        var node = new RunningNode(Task.FromResult(0));
        node.Exit = Task.Run(() => HourglassCli.RunAsync(
            ["serve", "--hostname", "127.0.0.1", "--port", "0", .. args], node.Output, node.Log, node._stop.Token));

        var up = node.Output.WaitForLineAsync(l => UpLine().IsMatch(l), StartTimeout);
        var first = await Task.WhenAny(up, node.Exit);
        if (first == node.Exit || up.IsFaulted)
        {
            var code = node.Exit.IsCompleted ? $"exit {await node.Exit}" : "still running";
            await node.DisposeAsync();
            throw new InvalidOperationException($"the node did not come up ({code})\n--- stdout\n{node.Output}\n--- log\n{node.Log}");
        }
        var match = UpLine().Match(await up);
        node.Address = match.Groups["address"].Value;
        node.Roles = match.Groups["roles"].Value;
        return node;
    }

    /// <summary>Stops the node as Ctrl+C would; returns the exit code of <c>serve</c>.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            return await Exit.WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the node did not stop within {StopTimeout}\n--- log\n{Log}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!Exit.IsCompleted) await StopAsync();
        _stop.Dispose();
    }

    public override string ToString() => $"node {Address}\n--- stdout\n{Output}\n--- log\n{Log}";
}
