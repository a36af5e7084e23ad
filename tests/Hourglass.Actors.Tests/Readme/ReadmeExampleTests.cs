// The README's examples, run. Where a block can run as it stands, what runs is the block itself,
// compiled from README.md (ReadmeSnippetTests says how): its TestKit tests, the hosting program,
// the order actor. Where a block is woven into a test, the test holds a copy of it between
// `#region README "<section>" #<n>` and `#endregion`, and The_README_copies_in_the_tests_are_their_blocks
// fails when a copy (in any test file) and its block differ: no copy drifts silently.
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using Akka.Hosting;
using Akka.TestKit.Xunit2;
using Hourglass.FakeTemporal;
using Hourglass.Health;
using Hourglass.Hosting;
using Hourglass.Protocol;
using Hourglass.Telemetry;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Temporalio.Api.Enums.V1;

namespace Hourglass.Tests.Readme;

public sealed partial class ReadmeExampleTests() : TestKit("hourglass.client-backend = mock")
{
    /// <summary>Every [Fact] of the README's C# blocks: (the block's fence line, Class.Method).</summary>
    public static TheoryData<int, string> ReadmeTests()
    {
        var tests = new TheoryData<int, string>();
        foreach (var block in ReadmeDocument.Blocks)
        {
            var root = CSharpSyntaxTree.ParseText(block.Code).GetRoot();
            foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var fact = method.AttributeLists.SelectMany(l => l.Attributes)
                    .Any(a => a.Name.ToString() is "Fact" or "FactAttribute" or "Xunit.Fact");
                if (fact && method.Parent is ClassDeclarationSyntax type)
                    tests.Add(block.FenceLine, $"{type.Identifier}.{method.Identifier}");
            }
        }
        return tests;
    }

    [Theory]
    [MemberData(nameof(ReadmeTests))]
    public async Task A_README_test_passes_as_it_stands(int line, string test)
    {
        var block = ReadmeDocument.Blocks.Single(b => b.FenceLine == line);
        var assembly = SnippetCompiler.Load(block);
        var (typeName, methodName) = (test[..test.LastIndexOf('.')], test[(test.LastIndexOf('.') + 1)..]);
        var type = assembly.GetTypes().Single(t => t.Name == typeName);
        var method = type.GetMethod(methodName) ?? throw new InvalidOperationException($"{test} is not public");

        object? instance = null;
        try
        {
            instance = Activator.CreateInstance(type);   // a TestKit: its own ActorSystem, as xunit would make it
            if (method.Invoke(instance, null) is Task running) await running;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task The_hosting_example_runs_on_the_mock_to_its_end()
    {
        // The README's program, compiled and run as it stands: a Generic Host, WithHourglass on the mock.
        var program = SnippetCompiler.Load(ReadmeDocument.Block("Hosting it in your own app", 1));

        var run = await ReadmeProgram.RunAsync(program, within: TimeSpan.FromSeconds(60));

        var closed = Assert.Single(run.Logs.Records, r => r.Category == "OrderService");
        Assert.Equal("order-1", closed.Values["WorkflowId"]);
        Assert.Equal(WorkflowState.Completed.ToString(), closed.Values["State"]?.ToString());
        Assert.Equal("shipped", closed.Values["Result"]);
        Assert.DoesNotContain(run.Logs.Records, r => r.Level >= LogLevel.Error);
        Assert.NotNull(run.Host);
    }

    [Fact]
    public void The_order_actor_starts_and_signals()
    {
        // The README's OrderActor and PlaceOrder, compiled from the README.
        var readme = SnippetCompiler.Load(ReadmeDocument.Block("Using it from an actor", 1));
        var orderActor = readme.GetType("OrderActor", throwOnError: true)!;
        var placeOrder = readme.GetType("PlaceOrder", throwOnError: true)!;

        var hourglass = Sys.StartHourglass();
        var parent = CreateTestProbe();
        parent.ChildActorOf(Props.Create(orderActor, hourglass))
              .Tell(Activator.CreateInstance(placeOrder, "77", 9.5m));

        var signaled = parent.ExpectMsg<WorkflowHandle>();
        Assert.Equal("order-77", signaled.WorkflowId);
        hourglass.Tell(new FetchHistory(signaled));
        var events = ExpectMsg<HistoryFetched>().History.Events;
        Assert.Contains(events, e => e.EventType == EventType.WorkflowExecutionSignaled
            && e.WorkflowExecutionSignaledEventAttributes.SignalName == "approve");
        Assert.Equal("orders", events[0].WorkflowExecutionStartedEventAttributes.TaskQueue.Name);
    }

    [Fact]
    public async Task List_and_count_with_the_helpers()
    {
        var hourglass = Sys.StartHourglass();
        await hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "order-5"));

        #region README "Using it from an actor" #3
        WorkflowsListed page = await hourglass.ListWorkflowsAsync("ExecutionStatus = 'Running'", pageSize: 100);
        await foreach (var execution in hourglass.ListAllWorkflowsAsync("WorkflowType = 'OrderWorkflow'"))
            Console.WriteLine($"{execution.Execution.WorkflowId} {execution.Status}");
        WorkflowsCounted counted = await hourglass.CountWorkflowsAsync("GROUP BY ExecutionStatus");
        var running = counted.Groups.SingleOrDefault(g => g.Status == WorkflowExecutionStatus.Running)?.Count ?? 0;
        #endregion

        Assert.Equal("order-5", Assert.Single(page.Executions).Execution.WorkflowId);
        Assert.Equal(1, running);
    }

    [Fact]
    public async Task The_metrics_snippets_host_is_live_and_ready_while_Temporal_answers()
    {
        await using var temporal = await FakeTemporalServer.StartAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_SDK_DISABLED"] = "true";   // nothing to export to here
        ConfigureAsTheMetricsSectionDoes(builder, temporal.Target);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.True(report.Status == HealthStatus.Healthy, string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}")));
            Assert.Equal([HourglassHealthChecks.LivenessName, HourglassHealthChecks.ReadinessName], report.Entries.Keys.Order().ToArray());
            Assert.Contains($"Temporal at {temporal.Target} answered a probe", report.Entries[HourglassHealthChecks.ReadinessName].Description);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void ConfigureAsTheMetricsSectionDoes(Microsoft.Extensions.Hosting.IHostApplicationBuilder builder, string temporalAddress)
    {
        #region README "Metrics, traces and health" #1
        builder.Services.AddAkka("orders", akka => akka.WithHourglass(o => o.Real.TargetHost = temporalAddress));
        builder.Services.AddHealthChecks().AddHourglass();       // "hourglass-live" (tag live), "hourglass-ready" (tag ready)
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(HourglassTelemetry.Name).AddOtlpExporter())
            .WithMetrics(m => m.AddMeter(HourglassTelemetry.Name).AddOtlpExporter());
        #endregion
    }

    [GeneratedRegex("""^\s*#region README "(?<section>[^"]+)" #(?<index>\d+)\s*$""")]
    private static partial Regex ReadmeRegion();

    [Fact]
    public void The_README_copies_in_the_tests_are_their_blocks()
    {
        var copies = 0;
        var tests = Path.Combine(ReadmeDocument.RepositoryRoot, "tests");
        foreach (var file in Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var region = ReadmeRegion().Match(lines[i]);
                if (!region.Success) continue;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim().StartsWith("#endregion", StringComparison.Ordinal));
                Assert.True(end > i, $"{file}:{i + 1}: #region README without #endregion");
                var where = $"{Path.GetRelativePath(ReadmeDocument.RepositoryRoot, file)}:{i + 1}";
                var block = ReadmeDocument.Block(region.Groups["section"].Value, int.Parse(region.Groups["index"].Value));

                var copy = Normalized(lines[(i + 1)..end]);
                var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(block.Code).GetRoot();
                var body = block.Code[(unit.Usings.Count > 0 ? unit.Usings[^1].FullSpan.End : 0)..];
                var original = Normalized(body.Split('\n'));
                Assert.True(copy == original,
                    $"{where} is a copy of {block.Id}, and they differ.\nREADME.md:\n{original}\n{where}:\n{copy}");
                copies++;
                i = end;
            }
        }
        Assert.True(copies >= 2, $"found {copies} README copies under {tests}");
    }

    /// <summary>Lines without the blank ones around them and the indentation they all share.</summary>
    private static string Normalized(IEnumerable<string> lines)
    {
        var list = lines.Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0).Reverse().SkipWhile(l => l.Length == 0).Reverse().ToList();
        var indent = list.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", list.Select(l => l.Length == 0 ? l : l[indent..]));
    }
}
