using Hourglass.Host.Cli;
using System.CommandLine;

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
    public async Task Help_lists_every_command_with_its_arguments(params string[] args)
    {
        var (code, output, _) = await Run(args);

        Assert.Equal(0, code);
        Assert.Contains("Commands:", output);
        foreach (var name in new[] { "demo", "serve", "help", "completion" }) Assert.Contains($"  {name} ", output);
        foreach (var command in HourglassCli.Commands) Assert.Contains($"  {command.Usage} ", output);
        Assert.Contains("--version", output);
        Assert.Contains("Exit codes", output);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("describe")]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("signal")]
    [InlineData("signal-with-start")]
    [InlineData("query")]
    [InlineData("update")]
    [InlineData("cancel")]
    [InlineData("terminate")]
    [InlineData("await")]
    [InlineData("ensure-namespace")]
    [InlineData("list")]
    [InlineData("count")]
    public async Task Each_command_has_its_own_help_with_every_option(string verb)
    {
        var tree = new CommandTree();
        var (command, operatorVerb) = tree.Verbs.Single(v => v.Key.Name == verb);
        foreach (var args in new[] { new[] { "help", verb }, [verb, "--help"], [verb, "-h"] })
        {
            var (code, output, _) = await Run(args);

            Assert.Equal(0, code);
            Assert.Contains($"Usage:\n  hourglass {verb}", output.ReplaceLineEndings("\n"));
            foreach (var operand in operatorVerb.Operands) Assert.Contains($"<{operand.Name}>", output);
            foreach (var option in command.Options) AssertListed(option, output);
            Assert.Contains("Exit codes", output);
        }
    }

    /// <summary>The option is in the help text with every alias and its value's name on its line.</summary>
    internal static void AssertListed(Option option, string help)
    {
        var line = help.ReplaceLineEndings("\n").Split('\n')
            .FirstOrDefault(l => l.StartsWith("  -", StringComparison.Ordinal) && l.TrimStart().Split("  ")[0].Split(' ', ',').Contains(option.Name));
        Assert.True(line is not null, $"{option.Name} is not in the help:\n{help}");
        foreach (var alias in option.Aliases) Assert.Contains(alias, line);
        if (option.HelpName is { } value) Assert.Contains($"<{value}>", line);
    }

    [Theory]
    [InlineData("demo", "--help")]
    [InlineData("help", "demo")]
    public async Task Demo_has_its_help_too(params string[] args)
    {
        var (code, output, _) = await Run(args);

        Assert.Equal(0, code);
        Assert.Contains("Usage:\n  hourglass demo", output.ReplaceLineEndings("\n"));
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
