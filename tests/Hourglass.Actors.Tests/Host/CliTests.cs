using Hourglass.Host.Cli;

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
        foreach (var step in new[] { "ensure namespace", "start workflow", "signal", "status", "cancel", "await", "history" })
            Assert.Contains(step, output);
        Assert.Contains("Completed after", output);
        Assert.Contains("Canceled at", output);
        Assert.Contains("WorkflowExecutionSignaled", output);
        Assert.Contains("Done: 11 steps", output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("demo", "--help")]
    public async Task Help_lists_the_commands(params string[] args)
    {
        var (code, output, _) = await Run(args);

        Assert.Equal(0, code);
        Assert.Contains("Commands:", output);
        Assert.Contains("demo", output);
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
