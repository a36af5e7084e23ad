using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Hourglass.Tests.Readme;

/// <summary>
/// Compiles one README block as the convention says (see <see cref="ReadmeSnippetTests"/>): one C#
/// file made of the section's earlier usings, the block exactly as shown, and its hidden
/// <c>given</c> declarations (statements before the block's code, types after it), each piece
/// under a <c>#line</c> directive so that every diagnostic names its README line. Each block is
/// compiled once per test run; a block that compiles is loaded, for the tests that run it.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The usings a net10.0 project of the .NET SDK has without writing them (ImplicitUsings, on in every template).</summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>C# 14, the language version of a net10.0 project.</summary>
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    private static readonly SyntaxTree ImplicitUsingsTree = CSharpSyntaxTree.ParseText(
        string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")), ParseOptions, "ImplicitUsings.g.cs");

    private static readonly ConcurrentDictionary<int, Lazy<CompiledSnippet>> Compiled = new();

    /// <summary>The block compiled (once), with its diagnostics and, when it compiled, its loaded assembly.</summary>
    public static CompiledSnippet Compile(CSharpBlock block) =>
        Compiled.GetOrAdd(block.FenceLine, _ => new Lazy<CompiledSnippet>(() => CompileNow(block))).Value;

    /// <summary>The block's loaded assembly; fails the calling test with the diagnostics when it does not compile.</summary>
    public static Assembly Load(CSharpBlock block)
    {
        var compiled = Compile(block);
        return compiled.Assembly ?? throw new Xunit.Sdk.XunitException(compiled.Report());
    }

    private static CompiledSnippet CompileNow(CSharpBlock block)
    {
        var problems = new List<string>();
        if (block.Given?.Problem is { } problem) problems.Add(problem);
        if (block.Packages.Count == 0)
            problems.Add($"its section \"{block.Section}\" says to install no package (no `dotnet add package …` line)");

        IReadOnlyList<MetadataReference> references = [];
        try
        {
            references = SnippetReferences.For(block.Packages);
        }
        catch (InvalidOperationException e)
        {
            problems.Add(e.Message);
        }

        var source = SourceOf(block, problems);
        if (problems.Count > 0) return new CompiledSnippet(block, source, null, [], problems);

        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, $"README.md.{block.FenceLine}.g.cs", Encoding.UTF8);
        var program = ((CompilationUnitSyntax)tree.GetRoot()).Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            $"Readme.L{block.FenceLine}",
            [ImplicitUsingsTree, tree],
            references,
            new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // The SDK's own NoWarn: reference unification across framework versions.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        // Warnings count: a reader's project (nullable on, as in every template) would show them.
        var diagnostics = emitted.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .OrderBy(d => d.Location.GetMappedLineSpan().StartLinePosition.Line)
            .ToList();
        if (!emitted.Success || diagnostics.Count > 0) return new CompiledSnippet(block, source, null, diagnostics, []);

        image.Position = 0;
        return new CompiledSnippet(block, source, AssemblyLoadContext.Default.LoadFromStream(image), [], []);
    }

    /// <summary>The C# file the block stands for, with <c>#line</c> directives into README.md.</summary>
    private static string SourceOf(CSharpBlock block, List<string> problems)
    {
        var text = new StringBuilder();
        void Line(int readmeLine) => text.Append($"#line {readmeLine} \"{ReadmeDocument.FileName}\"\n");

        var own = block.OwnUsings.Select(u => u.Text).ToHashSet(StringComparer.Ordinal);
        foreach (var inherited in block.InheritedUsings.Where(u => !own.Contains(u.Text)))
        {
            Line(inherited.Line);
            text.Append(inherited.Text).Append('\n');
        }

        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(block.Code, ParseOptions).GetRoot();
        var headerEnd = unit.Usings.Count > 0 ? unit.Usings[^1].FullSpan.End : 0;
        var header = block.Code[..headerEnd];
        Line(block.CodeLine);
        text.Append(header);

        var (statements, types) = Split(block.Given, problems);
        foreach (var (line, code) in statements)
        {
            Line(line);
            text.Append(code).Append('\n');
        }

        Line(block.CodeLine + header.Count(c => c == '\n'));
        text.Append(block.Code[headerEnd..]);

        foreach (var (line, code) in types)
        {
            Line(line);
            text.Append(code).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A given's statements (they go before the block's code) and its types (after it), each with its README line.</summary>
    private static (List<(int Line, string Code)> Statements, List<(int Line, string Code)> Types) Split(Given? given, List<string> problems)
    {
        var statements = new List<(int, string)>();
        var types = new List<(int, string)>();
        if (given is null || given.Problem is not null) return (statements, types);

        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(given.Code, ParseOptions).GetRoot();
        if (unit.Usings.Count > 0)
            problems.Add($"README.md:{given.Line}: a snippet's given may not hold usings: the block must show them");
        foreach (var member in unit.Members)
        {
            var piece = (given.Line + member.GetLocation().GetLineSpan().StartLinePosition.Line, member.ToString());
            (member is GlobalStatementSyntax ? statements : types).Add(piece);
        }
        return (statements, types);
    }
}

/// <summary>A README block compiled: the file it stood for, and its loaded assembly or why there is none.</summary>
internal sealed record CompiledSnippet(
    CSharpBlock Block,
    string Source,
    Assembly? Assembly,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<string> Problems)
{
    /// <summary>Why the block does not compile, for a test failure: where it is, what it was given, the diagnostics.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.Append($"The C# block at README.md line {Block.FenceLine} (section \"{Block.Section}\", block #{Block.Index}) ")
            .Append("does not compile as shown.\n")
            .Append($"  packages (the section's `dotnet add package` lines): {(Block.Packages.Count == 0 ? "none" : string.Join(", ", Block.Packages))}\n")
            .Append($"  usings: {string.Join(" ", Block.InheritedUsings.Concat(Block.OwnUsings).Select(u => u.Text).Distinct())}")
            .Append($" (and the SDK's implicit {string.Join(", ", SnippetCompiler.ImplicitUsings)})\n");
        foreach (var problem in Problems) text.Append("  ").Append(problem).Append('\n');
        foreach (var diagnostic in Diagnostics) text.Append("  ").Append(diagnostic).Append('\n');
        if (Diagnostics.Count > 0) text.Append("The file compiled:\n").Append(Source);
        return text.ToString();
    }
}
