// Every ```csharp block of README.md is compiled as a reader would compile it, with Roslyn.
//
// The convention (docs/decisions.md, "README snippets"):
// - A block is one C# file, compiled as shown: a program when it has top-level statements (top-level
//   await included), a library otherwise. C# 14, nullable on, the .NET SDK's implicit usings
//   (System, System.Collections.Generic, System.IO, System.Linq, System.Net.Http, System.Threading,
//   System.Threading.Tasks) — what `dotnet new` gives a net10.0 project. Warnings fail it too.
// - Usings: those at the top of the block, and those of the earlier C# blocks of the same section
//   (a section runs from a heading to the next heading of any level). Nothing else.
// - Packages: the section's `dotnet add package <Name>` lines, wherever they stand in it; the block
//   is compiled against those packages' assemblies and what they bring along (as NuGet gives them)
//   and the framework's reference assemblies, nothing else. A section with C# names its packages.
// - A block that takes something from the reader's own app (their `builder`, an `order`, a codec
//   of theirs) declares it in an HTML comment that ends on the line before the fence (blank lines
//   may stand between). The rendered page does not show it:
//       <!-- snippet: given
//       IActorRef hourglass = null!;
//       record Line(string Sku, int Quantity);
//       -->
//   Its statements go before the block's code, its types after it; it may not hold usings (what
//   the block needs to import, it shows). Everything else a block needs, it shows.
// A block that does not compile fails its test case with its README line, its packages and
// usings, and the compiler's diagnostics, located in README.md (through #line directives).
// ReadmeExampleTests runs the blocks that can run: the TestKit tests, the hosting program, the
// order actor; copies woven into test code are #region README "<section>" #<n> regions that
// must equal their block.

namespace Hourglass.Tests.Readme;

public sealed class ReadmeSnippetTests
{
    /// <summary>One case per C# block of the README.</summary>
    public static TheoryData<string> Blocks() => new(ReadmeDocument.Blocks.Select(b => b.Id));

    [Theory]
    [MemberData(nameof(Blocks))]
    public void The_block_compiles_with_the_usings_and_packages_the_README_lists(string block)
    {
        var compiled = SnippetCompiler.Compile(ReadmeDocument.Block(block));
        Assert.True(compiled.Assembly is not null, compiled.Report());
    }

    [Fact]
    public void The_README_has_its_examples_as_csharp_blocks()
    {
        // A README whose fences stopped saying csharp would pass the theory above with no case.
        Assert.True(ReadmeDocument.Blocks.Count >= 10, $"only {ReadmeDocument.Blocks.Count} C# blocks in README.md");
        Assert.Contains(ReadmeDocument.Blocks, b => b.Section == "Testing with TestKit, no cluster, no server");
        Assert.Contains(ReadmeDocument.Blocks, b => b.Section == "Hosting it in your own app");
    }

    [Fact]
    public void A_block_that_does_not_compile_is_reported_at_its_README_line_with_the_diagnostics()
    {
        var readme = """
            # Title

            ## A section

            ```bash
            dotnet add package Hourglass
            ```

            ```csharp
            using Hourglass;

            var system = Akka.Actor.ActorSystem.Create("x");
            system.StartHourglass();
            ```

            Then:

            <!-- snippet: given
            Akka.Actor.IActorRef hourglass = null!;
            -->
            ```csharp
            hourglass.Tell(new StartWorkflow("T", "id"));
            ```
            """.Split('\n');
        var blocks = ReadmeDocument.Parse(readme);

        Assert.Equal(2, blocks.Count);
        Assert.Equal(["using Hourglass;"], blocks[1].InheritedUsings.Select(u => u.Text));
        Assert.Equal(["Hourglass"], blocks[1].Packages);
        Assert.NotNull(blocks[1].Given);

        var fine = SnippetCompiler.Compile(blocks[0] with { FenceLine = 100_001 });
        Assert.True(fine.Assembly is not null, fine.Report());
        var broken = SnippetCompiler.Compile(blocks[1] with { FenceLine = 100_002 });
        Assert.Null(broken.Assembly);
        var report = broken.Report();
        // Tell is Akka.Actor's extension and StartWorkflow is in Hourglass.Protocol: neither is imported.
        Assert.Contains("README.md line 100002", report);
        Assert.Contains("README.md(100003,", report);   // the block's one line of code
        Assert.Contains("CS0246", report);              // StartWorkflow not found
    }
}
