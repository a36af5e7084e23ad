using Hourglass.Host.Cli;
using Hourglass.Host.Operator;

namespace Hourglass.Tests.Host;

/// <summary>The Host's command line: demo and help.</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Demo_runs_the_whole_story_and_exits_0()
    {
        var (code, output, error) = await Run("demo");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var step in new[] { "ensure namespace", "start workflow", "signal", "query", "update", "status", "cancel", "await", "history" })
            Assert.Contains(step, output);
        Assert.Contains("Completed after", output);
        Assert.Contains("Running, cancel requested", output);
        Assert.Contains("Canceled at", output);
        Assert.Contains("WorkflowExecutionSignaled", output);
        Assert.Contains("progress: awaiting payment", output);
        Assert.Contains("add-note Completed: noted: leave at the door", output);
        Assert.Contains("WorkflowExecutionUpdateCompleted", output);
        Assert.Contains("Done: 16 steps", output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_every_command_with_its_arguments_and_options(params string[] args)
    {
        var (code, output, _) = await Run(args);

        Assert.Equal(0, code);
        Assert.Contains("Commands:", output);
        Assert.Contains("  demo", output);
        foreach (var command in HourglassCli.Commands)
        {
            Assert.Contains($"  {command.Usage}\n", output.ReplaceLineEndings("\n"));
            foreach (var option in command.Options) Assert.Contains(option.Syntax, output);
        }
        foreach (var option in OperatorContext.CommonOptions) Assert.Contains(option.Syntax, output);
        Assert.Contains("Exit codes", output);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("describe")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("signal")]
    [InlineData("cancel")]
    [InlineData("await")]
    [InlineData("ensure-namespace")]
    public async Task Each_command_has_its_own_help(string verb)
    {
        var command = HourglassCli.Commands.Single(c => c.Name == verb);
        foreach (var args in new[] { new[] { "help", verb }, [verb, "--help"], [verb, "-h"] })
        {
            var (code, output, _) = await Run(args);

            Assert.Equal(0, code);
            Assert.StartsWith($"Usage: hourglass {command.Usage} [options]", output);
            foreach (var option in command.Options.Concat(OperatorContext.CommonOptions)) Assert.Contains(option.Syntax, output);
        }
    }

    [Theory]
    [InlineData("demo", "--help")]
    [InlineData("help", "demo")]
    public async Task Demo_has_its_help_too(params string[] args)
    {
        var (code, output, _) = await Run(args);

        Assert.Equal(0, code);
        Assert.StartsWith("Usage: hourglass demo", output);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var (code, _, error) = await Run("explode");

        Assert.Equal(HourglassCli.UsageError, code);
        Assert.Contains("unknown command 'explode'", error);
    }

    [Fact]
    public async Task No_command_prints_help_and_is_a_usage_error()
    {
        var (code, output, _) = await Run();

        Assert.Equal(HourglassCli.UsageError, code);
        Assert.Contains("Commands:", output);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await HourglassCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
