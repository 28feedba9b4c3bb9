using System.Text.RegularExpressions;
using Slipway.TestSupport;

namespace Slipway.Tests.Architecture;

/// <summary>
/// The layers of src/Slipway (README: "Layers of src/Slipway"), read from the sources: which folder names which. A folder
/// may use the ones below it, never one above, so the graph has no cycle; nothing switches on a deploy mode's name.
/// </summary>
public sealed partial class LayerTests
{
    private static readonly string Library = RepoRoot.Combine("src", "Slipway");

    private static Dictionary<string, HashSet<string>> Imports()
    {
        var folders = Directory.GetDirectories(Library).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToHashSet();
        var imports = folders.ToDictionary(f => f!, _ => new HashSet<string>());
        foreach (var file in Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories))
        {
            var folder = Path.GetRelativePath(Library, file).Split('/')[0];
            if (!imports.TryGetValue(folder, out var used)) continue;
            var code = DocComment().Replace(File.ReadAllText(file), "");
            foreach (Match m in Reference().Matches(code))
                if (m.Groups[1].Value != folder && folders.Contains(m.Groups[1].Value)) used.Add(m.Groups[1].Value);
        }
        return imports;
    }

    [Fact]
    public void No_folder_of_the_library_imports_one_that_imports_it_back()
    {
        var imports = Imports();
        var cycles = new List<string>();
        foreach (var start in imports.Keys)
        {
            var path = FindPath(imports, start, start, []);
            if (path is not null) cycles.Add(string.Join(" -> ", path));
        }
        Assert.Empty(cycles);
    }

    [Theory]
    [InlineData("Chain")]
    [InlineData("Deploy")]
    [InlineData("Releases")]
    [InlineData("Locking")]
    [InlineData("Status")]
    public void The_lower_layers_do_not_use_the_pipeline(string folder) =>
        Assert.DoesNotContain("Pipeline", Imports()[folder]);

    [Fact]
    public void Only_a_modes_own_folder_names_it()
    {
        var offenders = Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Library, f).StartsWith("Deploy/", StringComparison.Ordinal))
            .Where(f => ModeName().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Library, f))
            .ToList();
        Assert.Empty(offenders);
    }

    private static List<string>? FindPath(Dictionary<string, HashSet<string>> imports, string from, string to, List<string> seen)
    {
        foreach (var next in imports[from])
        {
            if (next == to) return [.. seen, from, to];
            if (seen.Contains(next) || next == from) continue;
            if (FindPath(imports, next, to, [.. seen, from]) is { } path) return path;
        }
        return null;
    }

    [GeneratedRegex(@"\bSlipway\.(\w+)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"///[^\n]*")]
    private static partial Regex DocComment();

    // A mode name used as a value to branch on: `case "docker"`, `Mode == "kubernetes"`, `"static-pod" =>`.
    [GeneratedRegex("""(case\s+|==\s*|Mode:\s*)"(docker|static-pod|kubernetes)"|"(docker|static-pod|kubernetes)"\s*=>""")]
    private static partial Regex ModeName();
}
