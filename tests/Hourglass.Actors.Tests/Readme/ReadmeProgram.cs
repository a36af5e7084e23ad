using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Tests.Readme;

/// <summary>
/// Runs a README program (a block with top-level statements that builds a Generic Host) in this
/// process, to its end, as <c>dotnet run</c> would — and lets the test read what it logged. The
/// program is not changed: the test finds its host the way the .NET tools (EF's, ASP.NET's
/// WebApplicationFactory) do, through the "Microsoft.Extensions.Hosting" DiagnosticListener that
/// <c>HostApplicationBuilder.Build()</c> writes to. At "HostBuilding" the host's loggers are
/// replaced by one that keeps every record; at "HostBuilt" the host is kept, to stop it should the
/// program not end in time. Only the host built in the run's own async flow is touched.
/// </summary>
internal static class ReadmeProgram
{
    private const string HostingListener = "Microsoft.Extensions.Hosting";

    private static readonly AsyncLocal<ProgramRun?> Current = new();

    private static readonly Lazy<IDisposable> Subscription = new(() => DiagnosticListener.AllListeners.Subscribe(new Listeners()));

    /// <summary>Runs <paramref name="program"/>'s top-level statements with <paramref name="args"/> until they end.</summary>
    public static async Task<ProgramRun> RunAsync(Assembly program, TimeSpan within, params string[] args)
    {
        _ = Subscription.Value;
        var main = MainOf(program);
        var run = new ProgramRun();
        Task running;
        Current.Value = run;
        try
        {
            running = main.Invoke(null, [args]) as Task ?? Task.CompletedTask;
        }
        catch (TargetInvocationException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
            throw;
        }
        finally
        {
            Current.Value = null;   // the program's own flow keeps it
        }

        try
        {
            await running.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            if (run.Host is { } host) await host.StopAsync();
            throw new Xunit.Sdk.XunitException($"the README program did not end within {within.TotalSeconds:0}s; it logged:\n{run.Logs.Text}");
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"the README program failed: {e}\nit logged:\n{run.Logs.Text}");
        }
        return run;
    }

    /// <summary>
    /// The method of the top-level statements: for a program that awaits, the compiler's
    /// <c>&lt;Main&gt;$</c> that returns the Task (the entry point proper only blocks on it).
    /// </summary>
    private static MethodInfo MainOf(Assembly program)
    {
        var entry = program.EntryPoint ?? throw new InvalidOperationException($"{program.GetName().Name} has no top-level statements");
        return entry.DeclaringType!.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .SingleOrDefault(m => m.Name == "<Main>$" && typeof(Task).IsAssignableFrom(m.ReturnType)) ?? entry;
    }

    private sealed class Listeners : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == HostingListener) listener.Subscribe(new HostingEvents());
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class HostingEvents : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (Current.Value is not { } run) return;
            switch (e.Key, e.Value)
            {
                case ("HostBuilding", IHostBuilder builder):
                    builder.ConfigureLogging(logging =>
                    {
                        logging.ClearProviders();
                        logging.AddProvider(run.Logs);
                    });
                    break;
                case ("HostBuilt", IHost host):
                    run.Host = host;
                    break;
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

/// <summary>One run of a README program: its host and what it logged.</summary>
internal sealed class ProgramRun
{
    /// <summary>The host the program built, once it has.</summary>
    public IHost? Host { get; set; }

    /// <summary>Every record its host's loggers wrote.</summary>
    public CapturedLogs Logs { get; } = new();
}

/// <summary>A logger provider that keeps every record, with its structured values.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();

    /// <summary>The records so far, in order.</summary>
    public IReadOnlyList<CapturedLog> Records => _records.ToArray();

    /// <summary>The records as text, for a failure message.</summary>
    public string Text => string.Join("\n", Records.Select(r => $"  {r.Level} {r.Category}: {r.Message}{(r.Exception is null ? "" : " " + r.Exception)}"));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
                : [];
            logs._records.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception));
        }
    }
}

/// <summary>One log record: its category, level, message, structured values and exception.</summary>
internal sealed record CapturedLog(
    string Category,
    LogLevel Level,
    string Message,
    IReadOnlyDictionary<string, object?> Values,
    Exception? Exception);
