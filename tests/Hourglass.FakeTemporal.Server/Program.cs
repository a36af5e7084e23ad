// Runs the fake Temporal frontend on its own, for trying the Host's operator verbs or pointing
// TEMPORAL_ADDRESS at it: dotnet run --project tests/Hourglass.FakeTemporal.Server -- [--port 7233]
using System.Runtime.InteropServices;
using Hourglass.FakeTemporal;

var port = 7233;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[++i], out var p)) port = p;
    else
    {
        Console.Error.WriteLine("usage: Hourglass.FakeTemporal.Server [--port N]   (0 picks a free port)");
        return 2;
    }
}

await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Port = port });
Console.WriteLine($"fake Temporal frontend listening on {server.Target} (namespace \"default\"); Ctrl+C stops it");
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;
return 0;
