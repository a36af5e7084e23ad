namespace Hourglass.Host.Cli;

/// <summary>An option a command takes, as <c>--help</c> shows it and the parser accepts it.</summary>
/// <param name="Name">The name without the dashes, e.g. <c>task-queue</c>.</param>
/// <param name="Value">What the value is, e.g. <c>&lt;queue&gt;</c>; null for a switch that takes none.</param>
/// <param name="Description">One line for <c>--help</c>.</param>
/// <param name="Repeatable">True when it may be given more than once (<c>--arg 1 --arg 2</c>).</param>
internal sealed record OptionSpec(string Name, string? Value, string Description, bool Repeatable = false)
{
    /// <summary>True for a switch (no value).</summary>
    public bool IsFlag => Value is null;

    /// <summary>How the option is written, e.g. <c>--task-queue &lt;queue&gt;</c>.</summary>
    public string Syntax => Value is null ? $"--{Name}" : $"--{Name} {Value}";
}
