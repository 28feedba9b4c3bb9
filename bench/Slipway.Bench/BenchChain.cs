using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;

namespace Slipway.Bench;

/// <summary>
/// The greeting sample in a git repository of its own, with a catalog pointing at one registry, and the chain
/// Checkout..Push run through the library (the tests' <see cref="LocalChain"/> pieces, without its registry and engine clean-up).
/// </summary>
public sealed class BenchChain
{
    public const string Service = SampleRepository.Service;
    public const string Environment = "bench";
    private const string HealthServlet = "greeting-web/src/main/java/io/slipway/samples/greeting/web/HealthServlet.java";

    private readonly GitTestRepo _source;
    public string RepoRoot { get; }
    public string SourcePath => _source.Path;
    public string RegistryUrl { get; }
    public Catalog.Catalog Catalog { get; }
    /// <summary>The catalog as JSON, for a benchmark that needs a variant of it.</summary>
    public string CatalogText { get; }

    private BenchChain(string repoRoot, GitTestRepo source, string registryUrl, Catalog.Catalog catalog, string catalogText)
    {
        RepoRoot = repoRoot; _source = source; RegistryUrl = registryUrl; Catalog = catalog; CatalogText = catalogText;
    }

    /// <summary>Copies samples/greeting into <paramref name="folder"/>/greeting as a fresh git repository and writes a catalog for <paramref name="registryUrl"/>.</summary>
    /// <param name="assetBytes">When above 0, commits generated static assets (text, as a JavaScript bundle would be) of about this size to greeting-web's webapp.</param>
    public static async Task<BenchChain> CreateAsync(string repoRoot, string folder, string registryUrl, int assetBytes = 0)
    {
        var source = await SampleRepository.CreateAsync(Path.Combine(folder, "greeting"), repoRoot);
        if (assetBytes > 0) await source.CommitAsync("Add static assets", Assets("greeting-web/src/main/webapp/assets", assetBytes));
        var service = SampleRepository.ServiceJson(source.Path, FreePort.Next(),
            new JsonObject { [Environment] = new JsonObject { ["conf"] = "local" } }, repoRoot);
        var json = SampleCatalog.Json(repoRoot, "bench", registryUrl, "bench", Environment, service);
        var catalog = CatalogLoader.LoadFromJson(json.ToJsonString(), folder, "bench-services.json", DeployModes.Shipped);
        return new BenchChain(repoRoot, source, registryUrl, catalog, json.ToJsonString());
    }

    /// <summary>Deterministic base64 text in 1 MiB files: compresses like minified JavaScript would (roughly 4:3).</summary>
    private static (string Path, string Content)[] Assets(string folder, int bytes)
    {
        var random = new Random(7);
        var files = new List<(string, string)>();
        for (var i = 0; bytes > 0; i++)
        {
            var raw = new byte[Math.Min(bytes, 1 << 20) * 3 / 4];
            random.NextBytes(raw);
            files.Add(($"{folder}/bundle-{i}.js", $"var b{i}=\"" + Convert.ToBase64String(raw) + "\";\n"));
            bytes -= 1 << 20;
        }
        return [.. files];
    }

    /// <summary>Commits a one-line change to a servlet (the text of the health response).</summary>
    public async Task CommitOneLineChangeAsync(string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(SourcePath, HealthServlet));
        var i = Array.FindIndex(lines, l => l.Contains("getWriter().write("));
        lines[i] = $"        resp.getWriter().write(\"OK {marker}\");";
        await _source.CommitAsync($"Health text: {marker}", (HealthServlet, string.Join('\n', lines) + "\n"));
    }

    public ChainContext Context(WorkspacePaths paths, IBuildLog log) => new()
    {
        Catalog = Catalog, Environment = Environment, Log = log, Paths = paths, RecipeRoot = RepoRoot,
        BuildTime = DateTimeOffset.UtcNow,
    };

    /// <summary>Checkout through Push, as the Push target runs them.</summary>
    public Task<ServiceRun> BuildAndPushAsync(ChainContext ctx) => BuildAndPush.RunAsync(ctx, Service);
}
