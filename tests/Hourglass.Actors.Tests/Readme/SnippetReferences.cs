using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace Hourglass.Tests.Readme;

/// <summary>
/// The assemblies a README section's code may use: the .NET reference assemblies of the
/// framework (the targeting pack the SDK compiles net10.0 projects against) and those of the
/// packages the section says to install, with everything those packages bring along — as NuGet
/// gives them to a project. A package's closure is read from this test project's deps.json, where
/// the projects packed as packages (Hourglass, Hourglass.FakeTemporal) appear under their package
/// ids. A package that the ASP.NET Core shared framework provides to this test project (so NuGet
/// lists it nowhere: Microsoft.Extensions.Hosting) is taken from that framework's reference pack,
/// with the assemblies it references there.
/// </summary>
internal static class SnippetReferences
{
    private const string AspNetCore = "Microsoft.AspNetCore.App";

    private static readonly Lazy<Dictionary<string, DepsEntry>> Deps = new(ReadDeps);
    private static readonly Lazy<string> NetCoreRefPack = new(() => RefPack("Microsoft.NETCore.App"));
    private static readonly Lazy<string> AspNetCoreRefPack = new(() => RefPack(AspNetCore));
    private static readonly ConcurrentDictionary<string, MetadataReference> References = new(StringComparer.Ordinal);

    /// <summary>The framework's reference assemblies and those of <paramref name="packages"/>, one per simple name.</summary>
    public static IReadOnlyList<MetadataReference> For(IEnumerable<string> packages)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);   // simple name -> path
        foreach (var package in packages)
        {
            foreach (var path in AssembliesOf(package))
                files.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }
        foreach (var path in Directory.EnumerateFiles(NetCoreRefPack.Value, "*.dll"))
            files.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        return files.Values.Order(StringComparer.Ordinal)
            .Select(path => References.GetOrAdd(path, p => MetadataReference.CreateFromFile(p)))
            .ToList();
    }

    /// <summary>The assembly files a project gets from <c>dotnet add package <paramref name="package"/></c>.</summary>
    public static IReadOnlyList<string> AssembliesOf(string package)
    {
        var deps = Deps.Value;
        if (!deps.ContainsKey(package))
        {
            var provided = Path.Combine(AspNetCoreRefPack.Value, package + ".dll");
            if (File.Exists(provided)) return FrameworkClosure(provided);
            throw new InvalidOperationException(
                $"the README names the package {package}, which this test project does not have: add a PackageReference to it in Hourglass.Actors.Tests.csproj");
        }

        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>([package]);
        while (queue.TryDequeue(out var name))
        {
            if (!seen.Add(name)) continue;
            if (!deps.TryGetValue(name, out var entry))
            {
                // Not in the graph: pruned because a shared framework provides it.
                var provided = Path.Combine(AspNetCoreRefPack.Value, name + ".dll");
                if (File.Exists(provided)) files.AddRange(FrameworkClosure(provided));
                continue;
            }
            foreach (var runtime in entry.Runtime)
            {
                var path = Path.Combine(AppContext.BaseDirectory, Path.GetFileName(runtime));
                if (!File.Exists(path)) throw new InvalidOperationException($"{name} lists {runtime}, but {path} is missing");
                files.Add(path);
            }
            foreach (var dependency in entry.Dependencies) queue.Enqueue(dependency);
        }
        return files;
    }

    /// <summary>An assembly of a reference pack and the assemblies of that pack it references, transitively.</summary>
    private static IReadOnlyList<string> FrameworkClosure(string assembly)
    {
        var directory = Path.GetDirectoryName(assembly)!;
        var files = new List<string>();
        var queue = new Queue<string>([assembly]);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (queue.TryDequeue(out var path))
        {
            if (!seen.Add(path)) continue;
            files.Add(path);
            using var pe = new PEReader(File.OpenRead(path));
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                var referenced = Path.Combine(directory, reader.GetString(reader.GetAssemblyReference(handle).Name) + ".dll");
                if (File.Exists(referenced)) queue.Enqueue(referenced);
            }
        }
        return files;
    }

    /// <summary>
    /// The reference assemblies of a shared framework for the running .NET: the SDK's
    /// <c>packs/{framework}.Ref/{version}/ref/net{major}.{minor}</c>, the newest of this major version.
    /// </summary>
    private static string RefPack(string framework)
    {
        // .../dotnet/shared/Microsoft.NETCore.App/10.0.12/ -> .../dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(root, "packs", framework + ".Ref");
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var candidates = Directory.Exists(packs)
            ? Directory.GetDirectories(packs)
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(c => c.Version?.Major == Environment.Version.Major && Directory.Exists(Path.Combine(c.Dir, "ref", tfm)))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        return candidates.Count > 0
            ? Path.Combine(candidates[0].Dir, "ref", tfm)
            : throw new InvalidOperationException($"no reference pack {framework}.Ref for {tfm} under {packs}: the README's snippets compile against the SDK's");
    }

    private static Dictionary<string, DepsEntry> ReadDeps()
    {
        var name = Assembly.GetExecutingAssembly().GetName().Name;
        var path = Path.Combine(AppContext.BaseDirectory, name + ".deps.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var target = json.RootElement.GetProperty("runtimeTarget").GetProperty("name").GetString()!;
        var entries = new Dictionary<string, DepsEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in json.RootElement.GetProperty("targets").GetProperty(target).EnumerateObject())
        {
            var id = library.Name[..library.Name.IndexOf('/')];
            var dependencies = library.Value.TryGetProperty("dependencies", out var d)
                ? d.EnumerateObject().Select(p => p.Name).ToList()
                : [];
            var runtime = library.Value.TryGetProperty("runtime", out var r)
                ? r.EnumerateObject().Select(p => p.Name).ToList()
                : [];
            entries.TryAdd(id, new DepsEntry(dependencies, runtime));
        }
        return entries;
    }

    private sealed record DepsEntry(IReadOnlyList<string> Dependencies, IReadOnlyList<string> Runtime);
}
