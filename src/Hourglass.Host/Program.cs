using System.Runtime.InteropServices;
using Hourglass.Host.Cli;

// Ctrl+C and SIGTERM cancel the command (serve stops gracefully, anything else ends with 130);
// a second one ends the process at once.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (stop.IsCancellationRequested) return;
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
return await HourglassCli.RunAsync(args, Console.Out, Console.Error, stop.Token);
