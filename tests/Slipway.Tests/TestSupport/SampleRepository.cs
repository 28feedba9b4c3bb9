using System.Text.Json.Nodes;

namespace Slipway.Tests.TestSupport;

/// <summary>A real git repository holding a copy of samples/greeting, for chain tests that must not depend on this repo's history.</summary>
public static class SampleRepository
{
    public static async Task<GitTestRepo> CreateAsync(string path)
    {
        var repo = await GitTestRepo.InitAsync(path);
        var source = RepoRoot.Combine("samples", "greeting");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(source, f))
            .Where(rel => !rel.Split('/').Any(part => part is "target" or ".m2repo"))
            .Select(rel => (rel, File.ReadAllText(System.IO.Path.Combine(source, rel))))
            .ToArray();
        await repo.CommitAsync("Import the greeting sample", files);
        return repo;
    }

    /// <summary>The catalog entry of the sample's greeting-web module in <paramref name="repository"/> (branch main, offline Maven settings).</summary>
    public static JsonObject ServiceJson(string repository, int port, JsonObject environments) => new()
    {
        ["repository"] = repository, ["branch"] = "main",
        ["build"] = new JsonObject
        {
            ["type"] = "module", ["module"] = "greeting-web",
            ["settings"] = RepoRoot.Combine("samples", "maven", "settings.xml"),
        },
        ["war"] = "greeting-web/target/greeting-web.war",
        ["port"] = port,
        ["heap"] = new JsonObject { ["xms"] = "64m", ["xmx"] = "160m" },
        ["environments"] = environments,
    };
}
