using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Hourglass.Tests.Readme;

/// <summary>
/// README.md as the snippet tests read it: its ```csharp blocks, each with the section it belongs
/// to, the usings and packages that section lists and the hidden declarations its
/// <c>&lt;!-- snippet: given … --&gt;</c> comment holds. The convention is described at the top of
/// <see cref="ReadmeSnippetTests"/> and in docs/decisions.md.
/// </summary>
internal static partial class ReadmeDocument
{
    /// <summary>How the README calls the file in diagnostics and <c>#line</c> directives.</summary>
    public const string FileName = "README.md";

    private static readonly Lazy<(string Root, IReadOnlyList<CSharpBlock> Blocks)> Parsed = new(() =>
    {
        var root = FindRepositoryRoot();
        return (root, Parse(File.ReadAllLines(Path.Combine(root, FileName))));
    });

    /// <summary>The folder that holds README.md, found from the test's base directory upwards.</summary>
    public static string RepositoryRoot => Parsed.Value.Root;

    /// <summary>Every ```csharp block of the README, in order.</summary>
    public static IReadOnlyList<CSharpBlock> Blocks => Parsed.Value.Blocks;

    /// <summary>The block with this id (<see cref="CSharpBlock.Id"/>).</summary>
    public static CSharpBlock Block(string id) =>
        Blocks.SingleOrDefault(b => b.Id == id) ?? throw new InvalidOperationException($"README.md has no C# block {id} (any more)");

    /// <summary>The <paramref name="index"/>th (1-based) C# block of the section titled <paramref name="section"/>.</summary>
    public static CSharpBlock Block(string section, int index) =>
        Blocks.SingleOrDefault(b => b.Section == section && b.Index == index)
        ?? throw new InvalidOperationException($"README.md has no C# block #{index} in a section \"{section}\"");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, FileName)) && File.Exists(Path.Combine(dir.FullName, "Hourglass.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no {FileName} beside Hourglass.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})\s*(?<info>[^\s`]*)")]
    private static partial Regex FenceLine();

    [GeneratedRegex(@"^ {0,3}#{1,6}\s+(?<title>.*?)\s*#*\s*$")]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"\bdotnet add package\s+(?<name>[A-Za-z0-9_.\-]+)")]
    private static partial Regex AddPackage();

    /// <summary>Reads the blocks out of README.md's lines.</summary>
    internal static IReadOnlyList<CSharpBlock> Parse(IReadOnlyList<string> lines)
    {
        // First pass: sections (heading to the next heading of any level) and fenced blocks.
        var sections = new List<Section> { new("(before the first heading)", 1) };
        var fences = new List<(int Open, int Close, string Info, Section Section)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var fence = FenceLine().Match(lines[i]);
            if (fence.Success)
            {
                var marker = fence.Groups["fence"].Value;
                var close = i + 1;
                while (close < lines.Count && !IsClosingFence(lines[close], marker)) close++;
                fences.Add((i, close, fence.Groups["info"].Value, sections[^1]));
                foreach (var line in lines.Skip(i).Take(close - i + 1))
                    sections[^1].AddPackagesFrom(line);
                i = close;
                continue;
            }
            var heading = HeadingLine().Match(lines[i]);
            if (heading.Success)
            {
                sections.Add(new Section(heading.Groups["title"].Value, i + 1));
                continue;
            }
            sections[^1].AddPackagesFrom(lines[i]);
        }

        var blocks = new List<CSharpBlock>();
        foreach (var (open, close, info, section) in fences)
        {
            if (!IsCSharp(info)) continue;
            var code = string.Concat(lines.Skip(open + 1).Take(close - open - 1).Select(l => l + "\n"));
            var earlier = blocks.Where(b => b.Section == section.Title).ToList();
            var inherited = earlier.SelectMany(b => b.OwnUsings)
                .DistinctBy(u => u.Text)
                .ToList();
            blocks.Add(new CSharpBlock(
                section.Title,
                earlier.Count + 1,
                open + 1,
                code,
                UsingsOf(code, open + 2),
                inherited,
                GivenBefore(lines, open),
                section.Packages));
        }
        return blocks;
    }

    private static bool IsClosingFence(string line, string marker)
    {
        var trimmed = line.TrimStart(' ');
        return line.Length - trimmed.Length <= 3 && trimmed.StartsWith(marker, StringComparison.Ordinal)
            && trimmed.TrimEnd().All(c => c == marker[0]);
    }

    private static bool IsCSharp(string info) =>
        info.Equals("csharp", StringComparison.OrdinalIgnoreCase) || info.Equals("cs", StringComparison.OrdinalIgnoreCase)
        || info.Equals("c#", StringComparison.OrdinalIgnoreCase);

    /// <summary>The using directives at the top of a block, each with its README line.</summary>
    private static IReadOnlyList<SourceLine> UsingsOf(string code, int firstLine)
    {
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code).GetRoot();
        return unit.Usings
            .Select(u => new SourceLine(firstLine + u.GetLocation().GetLineSpan().StartLinePosition.Line, u.ToString()))
            .ToList();
    }

    /// <summary>
    /// The <c>&lt;!-- snippet: given … --&gt;</c> comment that ends on the line before the fence at
    /// <paramref name="fence"/> (0-based; blank lines may stand between), or null.
    /// </summary>
    private static Given? GivenBefore(IReadOnlyList<string> lines, int fence)
    {
        var end = fence - 1;
        while (end >= 0 && lines[end].Trim().Length == 0) end--;
        if (end < 0 || !lines[end].TrimEnd().EndsWith("-->", StringComparison.Ordinal)) return null;
        var start = end;
        while (start >= 0 && !lines[start].Contains("<!--", StringComparison.Ordinal)) start--;
        if (start < 0) return null;

        var first = lines[start][(lines[start].IndexOf("<!--", StringComparison.Ordinal) + 4)..].TrimStart();
        const string directive = "snippet:";
        if (!first.StartsWith(directive, StringComparison.Ordinal)) return null;   // some other comment
        var rest = first[directive.Length..].TrimStart();
        const string given = "given";
        if (!rest.StartsWith(given, StringComparison.Ordinal))
            return new Given(start + 1, "", $"README.md:{start + 1}: unknown snippet directive \"{rest.Split(' ')[0]}\" (only \"given\" is known)");

        // The C# after "given", on the comment's first line and the lines after it, up to "-->".
        var body = new List<string> { rest[given.Length..] };
        body.AddRange(lines.Skip(start + 1).Take(end - start));
        body[^1] = body[^1][..body[^1].LastIndexOf("-->", StringComparison.Ordinal)];
        return new Given(start + 1, string.Join("\n", body) + "\n", null);
    }

    private sealed class Section(string title, int line)
    {
        private readonly List<string> _packages = [];

        public string Title { get; } = title;

        public int Line { get; } = line;

        public IReadOnlyList<string> Packages => _packages;

        public void AddPackagesFrom(string text)
        {
            foreach (Match m in AddPackage().Matches(text))
            {
                if (!_packages.Contains(m.Groups["name"].Value, StringComparer.OrdinalIgnoreCase))
                    _packages.Add(m.Groups["name"].Value);
            }
        }
    }
}

/// <summary>One line of README.md: its 1-based number and its text.</summary>
internal sealed record SourceLine(int Line, string Text);

/// <summary>
/// The hidden declarations of a <c>&lt;!-- snippet: given … --&gt;</c> comment: C# that stands for
/// what the block takes from the reader's own app. <see cref="Line"/> is the README line of the
/// comment's first line, where <see cref="Code"/> starts.
/// </summary>
internal sealed record Given(int Line, string Code, string? Problem);

/// <summary>A ```csharp block of README.md and what the snippet convention gives it.</summary>
/// <param name="Section">The title of the heading it stands under.</param>
/// <param name="Index">Its 1-based place among that section's C# blocks.</param>
/// <param name="FenceLine">The README line of its opening fence.</param>
/// <param name="Code">Its text, the lines between the fences.</param>
/// <param name="OwnUsings">The using directives at its top.</param>
/// <param name="InheritedUsings">The using directives of the section's earlier C# blocks.</param>
/// <param name="Given">Its hidden declarations, or null.</param>
/// <param name="Packages">The packages its section names with <c>dotnet add package</c>.</param>
internal sealed record CSharpBlock(
    string Section,
    int Index,
    int FenceLine,
    string Code,
    IReadOnlyList<SourceLine> OwnUsings,
    IReadOnlyList<SourceLine> InheritedUsings,
    Given? Given,
    IReadOnlyList<string> Packages)
{
    /// <summary>The README line of the block's first line of code.</summary>
    public int CodeLine => FenceLine + 1;

    /// <summary>How tests name the block: where it is and what it is.</summary>
    public string Id => $"README.md:{FenceLine} \"{Section}\" #{Index}";

    /// <inheritdoc />
    public override string ToString() => Id;
}
