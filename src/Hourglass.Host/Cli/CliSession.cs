using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Akka.Configuration;
using Hourglass.Host.Commands;
using Hourglass.Host.Operator;
using Hourglass.Protocol;

namespace Hourglass.Host.Cli;

/// <summary>
/// One run of the command line: parses it with the <see cref="CommandTree"/>, reports what is wrong
/// with it (exit 2) before anything starts, then runs the command and turns its outcome into the exit
/// code: 0 done, 1 the operation failed, 2 refused before any call, 130 interrupted.
/// </summary>
internal sealed class CliSession
{
    private readonly string[] _args;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly CommandLineSecrets _secrets;
    private readonly CommandTree _tree = new();
    private OperatorOutput _output;

    /// <summary>A run of <paramref name="args"/> writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public CliSession(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _args = args;
        _stdout = stdout;
        _stderr = stderr;
        _secrets = new CommandLineSecrets(args);
        // Known before parsing, so that even a command line that does not parse is answered in JSON.
        _output = new OperatorOutput(stdout, stderr, SniffFormat(args));
    }

    /// <summary>Runs it; <paramref name="stop"/> is Ctrl+C or SIGTERM.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        if (_args.Any(a => a == "--api-key" || a.StartsWith("--api-key=", StringComparison.Ordinal)))
        {
            await _stderr.WriteLineAsync("hourglass: warning: --api-key on a command line can be read by other users of this machine " +
                "(ps, /proc/<pid>/cmdline); give the key in $TEMPORAL_API_KEY or a file (--api-key-file) instead");
        }

        var parse = _tree.Root.Parse(_args);
        // Help, --version and the [suggest] directive answer by themselves.
        if (parse.Action is { } action and not ParseErrorAction)
            return await parse.InvokeAsync(new InvocationConfiguration { Output = _stdout, Error = _stderr, EnableDefaultExceptionHandler = false }, stop);

        var command = parse.CommandResult.Command;
        var verb = ReferenceEquals(command, _tree.Root) ? null : command.Name;
        if (verb is null) return await NoCommandAsync(parse);
        if (Problem(parse, command) is { } problem) return await _output.UsageFailedAsync(problem, verb);
        if (_tree.Verbs.TryGetValue(command, out var operatorVerb))
        {
            _output = new OperatorOutput(_stdout, _stderr, _tree.Operator.FormatOf(parse)) { Verbose = parse.GetValue(_tree.Operator.Verbose) };
            return await ExecuteAsync(operatorVerb, parse, stop);
        }
        if (ReferenceEquals(command, _tree.HelpVerb)) return await HelpAsync(parse.GetValue(_tree.HelpTopic), stop);
        if (ReferenceEquals(command, _tree.Completion)) return await CompletionAsync(parse.GetValue(_tree.Shell));
        if (ReferenceEquals(command, _tree.Demo)) return await DemoAsync(stop);
        return await ServeAsync(parse, stop);
    }

    // ---- what is wrong with a command line ----

    private async Task<int> NoCommandAsync(ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count > 0)
        {
            var first = parse.UnmatchedTokens[0];
            return await _output.UsageFailedAsync(first.StartsWith('-')
                ? $"unrecognized option {_secrets.ShownOption(first)}: options come after the command"
                : $"unknown command {_secrets.Shown(first)}");
        }
        if (_output.Json) return await _output.UsageFailedAsync("no command given");
        await _tree.Root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = _stdout, Error = _stderr });
        return OperatorOutput.UsageError;
    }

    // The first thing wrong with the command line of a command, or null.
    private string? Problem(ParseResult parse, Command command)
    {
        var aliases = command.Options.SelectMany(o => o.Aliases.Append(o.Name).Select(a => (Alias: a, Option: o)))
            .ToDictionary(a => a.Alias, a => a.Option, StringComparer.Ordinal);
        var start = Array.IndexOf(_args, command.Name) + 1;
        for (var i = start; i < _args.Length; i++)
        {
            var arg = _args[i];
            if (arg == "--") break;
            var eq = arg.IndexOfAny(['=', ':']);
            if (eq > 0 && arg.StartsWith('-') && aliases.TryGetValue(arg[..eq], out var flag) && flag.Arity.MaximumNumberOfValues == 0)
                return $"option {arg[..eq]} takes no value";
            // "--reason --json": S.CL would take the option for the value; say what is missing instead.
            if (aliases.TryGetValue(arg, out var option) && option.Arity.MaximumNumberOfValues > 0 && i + 1 < _args.Length && aliases.ContainsKey(_args[i + 1]))
                return $"{arg} needs a value ({_args[i + 1]} is an option; a value that starts with - is written {arg}={_args[i + 1]})";
        }
        foreach (var token in parse.UnmatchedTokens)
        {
            if (token.StartsWith('-') && Array.IndexOf(_args, token) is >= 0 and var at && at < start)
                return $"{_secrets.ShownOption(token)} comes before the command: options go after it (hourglass {command.Name} … {_secrets.ShownOption(token)} …)";
            return token.StartsWith('-') && token.Length > 1
                ? $"unrecognized option {_secrets.ShownOption(token)} for {command.Name}"
                : $"unexpected argument {_secrets.Shown(token)}: {UsageOf(command)}";
        }
        // An option the parser took as a positional value ("status --foo"): only after "--" may a value start with -.
        var doubleDash = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        foreach (var argument in command.Arguments)
        {
            if (parse.GetResult(argument) is not { } result) continue;
            foreach (var token in result.Tokens)
            {
                var index = parse.Tokens.ToList().IndexOf(token);
                if (token.Value.StartsWith('-') && token.Value.Length > 1 && (doubleDash < 0 || index < doubleDash))
                    return $"unrecognized option {_secrets.ShownOption(token.Value)} for {command.Name} (a value that starts with - goes after --)";
            }
        }
        return parse.Errors.Count > 0 ? parse.Errors[0].Message.TrimEnd('.') : null;
    }

    private string UsageOf(Command command) =>
        _tree.Verbs.TryGetValue(command, out var verb) ? $"hourglass {verb.Usage}"
        : command.Arguments.Count == 0 ? $"{command.Name} takes no arguments"
        : $"hourglass {command.Name} {string.Join(' ', command.Arguments.Select(a => $"[<{a.Name}>]"))}";

    // -o / --output / --json, read from the raw arguments: the output of a command line that does not parse.
    private static OutputFormat SniffFormat(IReadOnlyList<string> args)
    {
        var format = OutputFormat.Text;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") break;
            string? value = null;
            if (arg is "-o" or "--output" && i + 1 < args.Count) value = args[i + 1];
            else if (arg.StartsWith("--output=", StringComparison.Ordinal) || arg.StartsWith("-o=", StringComparison.Ordinal)) value = arg[(arg.IndexOf('=') + 1)..];
            else if (arg == "--json") format = OutputFormat.Json;
            if (value is not null && OperatorOptions.Formats.TryGetValue(value, out var given)) format = given;
        }
        return format;
    }

    // ---- the commands ----

    private async Task<int> ExecuteAsync(OperatorCommand verb, ParseResult parse, CancellationToken stop)
    {
        OperatorContext? context = null;
        try
        {
            var operands = Operand.Resolve(verb.Operands, parse, verb.Name, _secrets.Shown);
            context = OperatorContext.Create(parse, _tree.Operator);
            // The context holds the router the verbs ask: a local one, or with --via a running node's.
            await verb.RunAsync(new VerbCall(parse, operands, context, _output, stop));
            return OperatorOutput.Success;
        }
        catch (UsageException e)
        {
            return await _output.UsageFailedAsync(e.Message, verb.Name);
        }
        catch (ConfigurationException e)
        {
            return await _output.ConfigurationFailedAsync(e.Message);
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or HourglassException { Kind: ErrorKind.Canceled })
        {
            return await _output.InterruptedAsync(verb.Name == "await"
                ? "the await was interrupted (Ctrl+C); the workflow goes on, unaffected"
                : $"{verb.Name} was interrupted (Ctrl+C) before its answer came; it may or may not have been carried out");
        }
        catch (HourglassException e)
        {
            return await _output.OperationFailedAsync(e.Error, await PlainAsync(e.Error, context));
        }
        catch (Exception e)
        {
            return await _output.UnexpectedAsync(e);
        }
        finally
        {
            if (context is not null) await context.DisposeAsync();
        }
    }

    // An unreachable Temporal said in plain words; the client's own text stays in the detail.
    private static async Task<string?> PlainAsync(HourglassError error, OperatorContext? context)
    {
        if (error.Kind != ErrorKind.Unreachable || context is null) return null;
        if (context.Via is { } via) return context.Resolved ? $"the node at {via.Address} cannot reach its Temporal" : null;
        return await Reachability.TemporalAsync(context.TargetHost);
    }

    private async Task<int> HelpAsync(string? topic, CancellationToken stop)
    {
        if (topic is null) return await _tree.Root.Parse(["--help"]).InvokeAsync(Invocation(), stop);
        if (!_tree.Root.Subcommands.Any(c => c.Name == topic)) return await _output.UsageFailedAsync($"unknown command {_secrets.Shown(topic)}");
        return await _tree.Root.Parse([topic, "--help"]).InvokeAsync(Invocation(), stop);
    }

    private async Task<int> CompletionAsync(string? shell)
    {
        if (shell is null || CompletionScripts.For(shell) is not { } script)
        {
            return await _output.UsageFailedAsync(shell is null
                ? $"completion needs a shell: {string.Join(", ", CompletionScripts.Shells)}"
                : $"completion {_secrets.Shown(shell)}: no script for that shell; one of {string.Join(", ", CompletionScripts.Shells)}", "completion");
        }
        await _stdout.WriteAsync(script.ReplaceLineEndings("\n"));
        return OperatorOutput.Success;
    }

    private async Task<int> DemoAsync(CancellationToken stop)
    {
        try
        {
            return await DemoCommand.RunAsync(_stdout).WaitAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return await _output.InterruptedAsync("the demo was interrupted (Ctrl+C)");
        }
    }

    private async Task<int> ServeAsync(ParseResult parse, CancellationToken stop)
    {
        try
        {
            return await _tree.Serve.RunAsync(parse, _stdout, _stderr, Environment.GetEnvironmentVariable, stop);
        }
        catch (UsageException e)
        {
            return await _output.UsageFailedAsync(e.Message, Node.ServeCommand.Name);
        }
        catch (ConfigurationException e)
        {
            return await _output.ConfigurationFailedAsync(e.Message);
        }
    }

    private InvocationConfiguration Invocation() => new() { Output = _stdout, Error = _stderr, EnableDefaultExceptionHandler = false };
}
