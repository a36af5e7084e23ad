namespace Hourglass.Host.Cli;

/// <summary>
/// Shell completion for <c>hourglass</c>: scripts that ask the program itself, through
/// System.CommandLine's <c>[suggest:&lt;position&gt;] "&lt;line&gt;"</c> directive, what may come at the
/// cursor (verbs, options, the words of <c>-o</c>, <c>--id-reuse-policy</c>…). The suggestions come
/// from the same declarations as the parser, so they are never out of date.
/// </summary>
internal static class CompletionScripts
{
    /// <summary>The shells there is a script for.</summary>
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish"];

    /// <summary>The script for <paramref name="shell"/>, or null for a shell there is none for.</summary>
    public static string? For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => null,
    };

    private const string Bash = """
        # hourglass completion for bash: source <(hourglass completion bash)
        _hourglass_complete() {
            local IFS=$'\n'
            local suggestions
            suggestions=$(hourglass "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${suggestions}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _hourglass_complete hourglass

        """;

    private const string Zsh = """
        # hourglass completion for zsh: source <(hourglass completion zsh)
        _hourglass_complete() {
            local -a suggestions
            suggestions=("${(@f)$(hourglass "[suggest:${#BUFFER[1,CURSOR]}]" "${BUFFER}" 2>/dev/null)}")
            compadd -- "${suggestions[@]}"
        }
        compdef _hourglass_complete hourglass

        """;

    private const string Fish = """
        # hourglass completion for fish: hourglass completion fish | source
        complete -c hourglass -f -a '(hourglass "[suggest:"(string length -- (commandline -cp))"]" (commandline -p) 2>/dev/null)'

        """;
}
