using System.Diagnostics;
using Slipway.Chain;
using Slipway.Registry;
using Slipway.Pipeline;

namespace Slipway.Tests.Fixtures;

/// <summary>
/// Builds the greeting sample three times against a real registry: once, again from a fresh workspace
/// (--force-build, a later build time), and after a one-line change to a servlet. Containers for the
/// runtime checks are started from the first image by the tests and removed here.
/// </summary>
public sealed class AppImageFixture : IAsyncLifetime
{
    public const string ServletPath = "greeting-web/src/main/java/io/slipway/samples/greeting/web/HealthServlet.java";

    public LocalChain Chain { get; private set; } = null!;
    public TestContainers Containers { get; } = new();
    public ServiceRun First { get; private set; } = null!;
    public ServiceRun Rebuilt { get; private set; } = null!;
    public ServiceRun Changed { get; private set; } = null!;
    public ManifestModel FirstManifest { get; private set; } = null!;
    public ManifestModel RebuiltManifest { get; private set; } = null!;
    public ManifestModel ChangedManifest { get; private set; } = null!;
    /// <summary>The log lines of the third build (after the servlet change).</summary>
    public string ChangedLog { get; private set; } = "";
    public TimeSpan FirstBuildTime { get; private set; }
    public TimeSpan RebuildTime { get; private set; }
    public TimeSpan ChangedBuildTime { get; private set; }

    /// <summary>The first image, by digest.</summary>
    public string Image => DeployStep.InputOf(First).ImageByDigest.ToString();

    public async Task InitializeAsync()
    {
        Chain = await LocalChain.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        using (var ctx = Chain.Context(buildTime: now))
            First = await Chain.BuildAndPushAsync(ctx);
        FirstBuildTime = watch.Elapsed;

        watch.Restart();
        using (var ctx = Chain.Context(forceBuild: true, paths: Chain.FreshPaths("rebuild"), buildTime: now.AddHours(1)))
            Rebuilt = await Chain.BuildAndPushAsync(ctx);
        RebuildTime = watch.Elapsed;

        var servlet = await File.ReadAllTextAsync(RepoRoot.Combine("samples", "greeting", ServletPath));
        var edited = servlet.Replace("\"no-store\"", "\"no-store, max-age=0\"");
        if (edited == servlet) throw new InvalidOperationException($"{ServletPath} no longer sets Cache-Control: no-store; adjust the fixture's edit");
        await Chain.Source.CommitAsync("One-line change to the health servlet", (ServletPath, edited));
        var before = Chain.Log.Lines.Count;
        watch.Restart();
        using (var ctx = Chain.Context(buildTime: now.AddHours(2)))
            Changed = await Chain.BuildAndPushAsync(ctx);
        ChangedBuildTime = watch.Elapsed;
        ChangedLog = string.Join('\n', Chain.Log.Lines.Skip(before));

        using var registry = Chain.RegistryClient();
        var repo = First.Settings.RepositoryPath;
        FirstManifest = ManifestModel.Parse(await registry.GetManifestAsync(repo, First.Digest!.Value));
        RebuiltManifest = ManifestModel.Parse(await registry.GetManifestAsync(repo, Rebuilt.Digest!.Value));
        ChangedManifest = ManifestModel.Parse(await registry.GetManifestAsync(repo, Changed.Digest!.Value));
    }

    public async Task DisposeAsync()
    {
        await Containers.DisposeAsync();
        await Chain.DisposeAsync();
    }
}
