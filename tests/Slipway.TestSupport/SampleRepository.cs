using System.Text.Json.Nodes;

namespace Slipway.TestSupport;

/// <summary>A real git repository holding a copy of samples/greeting, for chain tests that must not depend on this repo's history.</summary>
public static class SampleRepository
{
    /// <summary>The sample's deployable module, as the catalogs name the service.</summary>
    public const string Service = "greeting-web";

    /// <param name="repoRoot">The Slipway repository to copy the sample from (default: the one above the binaries).</param>
    public static async Task<GitTestRepo> CreateAsync(string path, string? repoRoot = null)
    {
        var repo = await GitTestRepo.InitAsync(path);
        var source = Path.Combine(repoRoot ?? RepoRoot.Path, "samples", "greeting");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f))
            .Where(rel => !rel.Split('/').Any(part => part is "target" or ".m2repo"))
            .Select(rel => (rel, File.ReadAllText(Path.Combine(source, rel))))
            .ToArray();
        await repo.CommitAsync("Import the greeting sample", files);
        return repo;
    }

    /// <summary>The catalog entry of the sample's greeting-web module in <paramref name="repository"/> (branch main, offline Maven settings).</summary>
    public static JsonObject ServiceJson(string repository, int port, JsonObject environments, string? repoRoot = null) => new()
    {
        ["repository"] = repository, ["branch"] = "main",
        ["build"] = new JsonObject
        {
            ["type"] = "module", ["module"] = "greeting-web",
            ["settings"] = Path.Combine(repoRoot ?? RepoRoot.Path, "samples", "maven", "settings.xml"),
        },
        ["war"] = "greeting-web/target/greeting-web.war",
        ["port"] = port,
        ["heap"] = new JsonObject { ["xms"] = "64m", ["xmx"] = "160m" },
        ["environments"] = environments,
    };
}
