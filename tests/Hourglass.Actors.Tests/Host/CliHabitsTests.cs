using System.Diagnostics;
using System.Text.Json;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>
/// The command line's Temporal CLI habits — short aliases, the workflow id by option, JSON inputs
/// from files, <c>-o text|json|jsonl</c>, completion — and its outcomes: an await that shows its
/// progress, one interrupted (Canceled, exit 130), an unreachable server in plain words.
/// </summary>
public sealed class CliHabitsTests : FakeServerCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_workflow_id_and_namespace_take_the_Temporal_CLI_short_options()
    {
        var runId = StartOnServer("w9", "tenant-a");

        var positional = await Run("status", "w9", "-n", "tenant-a", "--json");
        var byOption = await Run("status", "-w", "w9", "-n", "tenant-a", "-r", runId, "-o", "json");
        var longNames = await Run("describe", "--workflow-id", "w9", "--namespace", "tenant-a", "--run-id", runId, "--output", "json");

        Succeeded(positional);
        Succeeded(byOption);
        Succeeded(longNames);
        Assert.Equal(runId, positional.Json.GetProperty("runId").GetString());
        Assert.Equal(runId, byOption.Json.GetProperty("runId").GetString());
        Assert.Equal(runId, longNames.Json.GetProperty("workflowExecutionInfo").GetProperty("execution").GetProperty("runId").GetString());
    }

    [Fact]
    public async Task Start_and_signal_take_type_id_queue_and_inputs_as_options_and_from_files()
    {
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, "{\"OrderId\":\"o-7\",\"Total\":9.5}\n");
        try
        {
            var start = await Run("start", "--type", "OrderWorkflow", "-w", "o-7", "-t", "orders", "--input-file", input, "--json");
            var signal = await Run("signal", "-w", "o-7", "--name", "approve", "-i", "\"alice\"", "-i", "2");
            // The positional fills what no option gave: here the signal's name.
            var mixed = await Run("signal", "-w", "o-7", "nudge");

            Succeeded(start);
            Succeeded(signal);
            Succeeded(mixed);
            var started = Assert.Single(Server.RequestsOf<StartWorkflowExecutionRequest>());
            Assert.Equal(("OrderWorkflow", "o-7", "orders"), (started.WorkflowType.Name, started.WorkflowId, started.TaskQueue.Name));
            Assert.Equal(9.5m, started.Input.Payloads_[0].ToValue<JsonElement>().GetProperty("Total").GetDecimal());
            var signals = Server.RequestsOf<SignalWorkflowExecutionRequest>().ToList();
            Assert.Equal(("approve", "alice", 2), (signals[0].SignalName, signals[0].Input.Payloads_[0].ToValue<string>(), signals[0].Input.Payloads_[1].ToValue<int>()));
            Assert.Equal("nudge", signals[1].SignalName);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public async Task Ensure_namespace_takes_the_name_by_n_too()
    {
        var run = await Run("ensure-namespace", "-n", "billing", "--retention", "2d", "--json");

        Succeeded(run);
        Assert.Equal("billing", run.Json.GetProperty("namespace").GetString());
        Assert.True(Server.Temporal.HasNamespace("billing"));
    }

    [Fact]
    public async Task Jsonl_prints_one_document_per_line_and_a_list_one_execution_per_line()
    {
        StartOnServer("l-1");
        StartOnServer("l-2");

        var list = await Run("list", "-o", "jsonl");
        var status = await Run("status", "l-1", "-o", "jsonl");
        var history = await Run("history", "l-1", "-o", "jsonl");

        Succeeded(list);
        var lines = list.Output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("{\"execution\":", l));
        Assert.Equal(["l-2", "l-1"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("execution").GetProperty("workflowId").GetString()));
        Succeeded(status);
        Assert.Single(status.Output.TrimEnd().Split('\n'));
        Assert.Equal("Running", status.Json.GetProperty("state").GetString());
        Succeeded(history);
        Assert.All(history.Output.TrimEnd().Split('\n'), l => Assert.Contains("\"eventId\"", l));
    }

    [Fact]
    public async Task Await_shows_the_events_as_they_are_written_on_stderr()
    {
        var runId = StartOnServer("p-1");
        var stderr = new LineWriter();
        var stdout = new StringWriter();
        var awaiting = HourglassCli.RunAsync(["await", "p-1", "--timeout", "30s", "--address", Server.Target], stdout, stderr);
        await stderr.WaitForLineAsync(l => l.StartsWith("  Running, "), Patience);

        Server.Temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
        {
            Namespace = "default", WorkflowExecution = Execution("p-1", runId), SignalName = "approve", RequestId = Guid.NewGuid().ToString(),
        });
        await stderr.WaitForLineAsync(l => l.Contains("WorkflowExecutionSignaled") && l.Contains("approve"), Patience);
        Server.Temporal.CompleteWorkflow("default", Execution("p-1", runId), new Payloads { Payloads_ = { HourglassPayload.From(7) } });
        var code = await awaiting.WaitAsync(Patience);

        Assert.True(code == 0, $"{stdout}\n{stderr}");
        Assert.StartsWith("p-1: Completed", stdout.ToString());
        Assert.Contains("result       7", stdout.ToString());
    }

    [Fact]
    public async Task Await_interrupted_is_Canceled_with_exit_130()
    {
        StartOnServer("c-1");
        foreach (var format in new[] { "text", "json" })
        {
            using var interrupt = new CancellationTokenSource();
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var awaiting = HourglassCli.RunAsync(["await", "c-1", "--timeout", "1m", "-o", format, "--address", Server.Target], stdout, stderr, interrupt.Token);
            using var patience = new CancellationTokenSource(Patience);
            // The await's long poll is on the server: interrupt it there.
            await Server.WaitForRequestAsync<GetWorkflowExecutionHistoryRequest>(r => r.Execution.WorkflowId == "c-1", patience.Token);
            await interrupt.CancelAsync();
            var code = await awaiting.WaitAsync(Patience);

            Assert.True(code == HourglassCli.Interrupted, $"{format}: exit {code}\n{stdout}\n{stderr}");
            if (format == "json")
            {
                var error = JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("error");
                Assert.Equal("Canceled", error.GetProperty("kind").GetString());
                Assert.Equal("", stderr.ToString());
            }
            else
            {
                Assert.Contains("hourglass: canceled: the await was interrupted (Ctrl+C); the workflow goes on", stderr.ToString());
                Assert.DoesNotContain("BackendFailed", stderr.ToString());
            }
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_said_in_plain_words_and_the_clients_text_only_on_request()
    {
        var target = Server.Target;
        await Server.StopAsync();

        var text = await CliRun.Of("describe", "order-1", "--address", target);
        var verbose = await CliRun.Of("describe", "order-1", "--address", target, "--verbose");
        var json = await CliRun.Of("describe", "order-1", "--address", target, "--json");

        FailedWith(text, HourglassCli.OperationError);
        Assert.Equal($"hourglass: operation failed: Unreachable: cannot reach Temporal at {target} (connection refused)", text.Error.TrimEnd());
        FailedWith(verbose, HourglassCli.OperationError);
        Assert.StartsWith($"hourglass: operation failed: Unreachable: cannot reach Temporal at {target} (connection refused)", verbose.Error);
        Assert.Contains("detail", verbose.Error);
        Assert.Contains($"cannot connect to Temporal at {target}", verbose.Error);
        var error = json.Json.GetProperty("error");
        Assert.Equal($"cannot reach Temporal at {target} (connection refused)", error.GetProperty("message").GetString());
        Assert.Contains($"cannot connect to Temporal at {target}", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Via_a_port_nothing_listens_on_says_so_at_once()
    {
        var clock = Stopwatch.StartNew();
        var run = await CliRun.Of("status", "order-1", "--via", "127.0.0.1:1");

        FailedWith(run, HourglassCli.OperationError);
        Assert.StartsWith("hourglass: operation failed: Unreachable: nothing listens at 127.0.0.1:1 (connection refused)", run.Error);
        Assert.DoesNotContain("within", run.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("hourglass sta", "start", "status")]
    [InlineData("hourglass status w9 --ru", "--run-id")]
    [InlineData("hourglass status w9 -o ", "json", "jsonl", "text")]
    [InlineData("hourglass start T w --id-reuse-policy ", "allow", "allow-failed-only", "reject")]
    [InlineData("hourglass completion ", "bash", "zsh", "fish")]
    public async Task The_suggest_directive_completes_verbs_options_and_their_words(string line, params string[] expected)
    {
        var run = await CliRun.Of($"[suggest:{line.Length}]", line);

        Assert.True(run.Code == 0, run.ToString());
        var suggestions = run.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in expected) Assert.Contains(word, suggestions);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _hourglass_complete hourglass")]
    [InlineData("zsh", "compdef _hourglass_complete hourglass")]
    [InlineData("fish", "complete -c hourglass")]
    public async Task Completion_prints_a_script_that_asks_the_suggest_directive(string shell, string hook)
    {
        var run = await CliRun.Of("completion", shell);

        Assert.True(run.Code == 0, run.ToString());
        Assert.Contains("[suggest:", run.Output);
        Assert.Contains(hook, run.Output);
    }

    [Fact]
    public async Task Completion_for_a_shell_it_does_not_know_is_a_usage_error()
    {
        var run = await CliRun.Of("completion", "powershell");

        Assert.Equal(HourglassCli.UsageError, run.Code);
        Assert.Contains("no script for that shell; one of bash, zsh, fish", run.Error);
    }
}
