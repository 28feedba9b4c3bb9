using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Registry;

namespace Slipway.Bench;

/// <summary>Collects the library's log lines (the benchmark prints only its own progress).</summary>
public sealed class QuietLog : IBuildLog
{
    public List<string> Lines { get; } = [];
    public void Info(string message) { lock (Lines) Lines.Add(message); }
    public void Warn(string message) { lock (Lines) Lines.Add("WARN: " + message); }
    public void Error(string message) { lock (Lines) Lines.Add("ERROR: " + message); Console.Error.WriteLine(message); }
    public void Detail(string message) { }
}

/// <summary>
/// The greeting sample in a git repository of its own, with a catalog pointing at one registry, and the chain
/// Checkout..Push run through the library (as tests/Slipway.Tests/TestSupport/LocalChain.cs does).
/// </summary>
public sealed class BenchChain
{
    public const string Service = "greeting-web";
    public const string Environment = "bench";
    public string RepoRoot { get; }
    public string SourcePath { get; }
    public string RegistryUrl { get; }
    public Catalog.Catalog Catalog { get; }
    private int _commits;

    private BenchChain(string repoRoot, string sourcePath, string registryUrl, Catalog.Catalog catalog)
    {
        RepoRoot = repoRoot; SourcePath = sourcePath; RegistryUrl = registryUrl; Catalog = catalog;
    }

    /// <summary>Copies samples/greeting into <paramref name="folder"/>/greeting as a fresh git repository and writes a catalog for <paramref name="registryUrl"/>.</summary>
    /// <param name="assetBytes">When above 0, adds generated static assets (text, as a JavaScript bundle would be) of about this size to greeting-web's webapp.</param>
    public static async Task<BenchChain> CreateAsync(string repoRoot, string folder, string registryUrl, int assetBytes = 0)
    {
        var source = Path.Combine(folder, "greeting");
        Directory.CreateDirectory(source);
        var sample = Path.Combine(repoRoot, "samples", "greeting");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(sample, file);
            if (rel.Split('/').Any(p => p is "target" or ".m2repo")) continue;
            var to = Path.Combine(source, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        if (assetBytes > 0) WriteAssets(Path.Combine(source, "greeting-web", "src", "main", "webapp", "assets"), assetBytes);
        var json = CatalogJson(repoRoot, source, registryUrl);
        var catalog = CatalogLoader.LoadFromJson(json.ToJsonString(), folder, "bench-services.json", DeployModes.Shipped);
        var chain = new BenchChain(repoRoot, source, registryUrl, catalog);
        await chain.GitAsync("init", "-q", "-b", "main");
        await chain.GitAsync("add", "-A");
        await chain.CommitAsync("Import the greeting sample");
        return chain;
    }

    /// <summary>Deterministic base64 text in 1 MiB files: compresses like minified JavaScript would (roughly 4:3).</summary>
    private static void WriteAssets(string folder, int bytes)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        for (var i = 0; bytes > 0; i++)
        {
            var raw = new byte[Math.Min(bytes, 1 << 20) * 3 / 4];
            random.NextBytes(raw);
            File.WriteAllText(Path.Combine(folder, $"bundle-{i}.js"), $"var b{i}=\"" + Convert.ToBase64String(raw) + "\";\n");
            bytes -= 1 << 20;
        }
    }

    public async Task<string> GitAsync(params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "Bench", ["GIT_AUTHOR_EMAIL"] = "bench@example.test",
            ["GIT_COMMITTER_NAME"] = "Bench", ["GIT_COMMITTER_EMAIL"] = "bench@example.test",
            ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_DIR"] = null,
        };
        var r = await ProcessRunner.RunAsync("git", args, SourcePath, env);
        r.EnsureSuccess();
        return r.StandardOutputText.Trim();
    }

    private async Task CommitAsync(string message)
    {
        // distinct commit times: the date-based tag must differ between builds
        var date = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero).AddMinutes(_commits++).ToString("yyyy-MM-ddTHH:mm:ssK");
        var env = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = "Bench", ["GIT_AUTHOR_EMAIL"] = "bench@example.test",
            ["GIT_COMMITTER_NAME"] = "Bench", ["GIT_COMMITTER_EMAIL"] = "bench@example.test",
            ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_DIR"] = null,
            ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date,
        };
        (await ProcessRunner.RunAsync("git", ["commit", "-q", "--allow-empty", "-m", message], SourcePath, env)).EnsureSuccess();
    }

    /// <summary>Commits a one-line change to a servlet (the text of the health response).</summary>
    public async Task CommitOneLineChangeAsync(string marker)
    {
        var servlet = Path.Combine(SourcePath, "greeting-web", "src", "main", "java", "io", "slipway", "samples", "greeting", "web", "HealthServlet.java");
        var lines = File.ReadAllLines(servlet);
        var i = Array.FindIndex(lines, l => l.Contains("getWriter().write("));
        lines[i] = $"        resp.getWriter().write(\"OK {marker}\");";
        File.WriteAllLines(servlet, lines);
        await GitAsync("add", "-A");
        await CommitAsync($"Health text: {marker}");
    }

    private static JsonObject CatalogJson(string repoRoot, string source, string registryUrl) => new()
    {
        ["registries"] = new JsonObject
        {
            ["bench"] = new JsonObject { ["url"] = registryUrl, ["namespace"] = "bench", ["insecure"] = true },
        },
        ["baseImages"] = new JsonObject
        {
            ["tomcat"] = new JsonObject { ["image"] = "slipway/tomcat10-jre17:bookworm", ["recipe"] = Path.Combine(repoRoot, "images", "base") },
        },
        ["defaults"] = new JsonObject { ["baseImage"] = "tomcat", ["healthTimeoutSeconds"] = 90, ["stopTimeoutSeconds"] = 20 },
        ["environments"] = new JsonObject
        {
            [Environment] = new JsonObject
            {
                ["registry"] = "bench", ["mode"] = "docker",
                ["docker"] = new JsonObject { ["hosts"] = new JsonArray(new JsonObject
                {
                    ["name"] = "localhost", ["endpoint"] = "unix:///var/run/docker.sock", ["address"] = "127.0.0.1",
                }) },
            },
        },
        ["services"] = new JsonObject
        {
            [Service] = new JsonObject
            {
                ["repository"] = source, ["branch"] = "main",
                ["build"] = new JsonObject
                {
                    ["type"] = "module", ["module"] = "greeting-web",
                    ["settings"] = Path.Combine(repoRoot, "samples", "maven", "settings.xml"),
                },
                ["war"] = "greeting-web/target/greeting-web.war",
                ["port"] = LocalRegistryServer.FreePort(),
                ["heap"] = new JsonObject { ["xms"] = "64m", ["xmx"] = "160m" },
                ["environments"] = new JsonObject { [Environment] = new JsonObject { ["conf"] = "local" } },
            },
        },
    };

    public ChainContext Context(WorkspacePaths paths, IBuildLog log) => new()
    {
        Catalog = Catalog, Environment = Environment, Log = log, Paths = paths, RecipeRoot = RepoRoot,
        BuildTime = DateTimeOffset.UtcNow,
    };

    /// <summary>Checkout through Push, as the Push target runs them.</summary>
    public async Task<ServiceRun> BuildAndPushAsync(ChainContext ctx)
    {
        var run = new ServiceRun(Service, Catalog.Resolve(Service, Environment));
        await CheckoutStep.RunAsync(ctx, run);
        await MavenPackageStep.RunAsync(ctx, run);
        ExplodeWarStep.Run(ctx, run);
        await DockerBuildStep.RunAsync(ctx, run);
        await PushStep.RunAsync(ctx, run);
        return run;
    }
}
