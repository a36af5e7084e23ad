// Runs the fake Temporal frontend on its own, for trying the Host's operator verbs or pointing
// TEMPORAL_ADDRESS at it, with an HTTP admin interface that plays the worker (FakeAdmin):
//   dotnet run --project tests/Hourglass.FakeTemporal.Server -- [--port 7233] [--admin-port 7234]
using System.Runtime.InteropServices;
using Hourglass.FakeTemporal;
using Hourglass.FakeTemporal.Server;

var port = 7233;
var adminPort = 7234;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[++i], out var p)) port = p;
    else if (args[i] == "--admin-port" && i + 1 < args.Length && int.TryParse(args[++i], out var a)) adminPort = a;
    else
    {
        Console.Error.WriteLine("usage: Hourglass.FakeTemporal.Server [--port N] [--admin-port N]   (0 picks a free port)");
        return 2;
    }
}

await using var server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Port = port });
await using var admin = await FakeAdmin.StartAsync(server.Temporal, adminPort);
Console.WriteLine($"fake Temporal frontend listening on {server.Target} (namespace \"default\"); Ctrl+C stops it");
Console.WriteLine($"worker commands: POST {admin.Url}/workflows/<workflow-id>/<{string.Join('|', FakeAdmin.Commands)}> (JSON body)");
Console.Out.Flush();
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
