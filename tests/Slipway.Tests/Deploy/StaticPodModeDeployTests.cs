using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Registry;

namespace Slipway.Tests.Deploy;

/// <summary>The Deploy step in the shipped catalog's static-pod environment, pointed at a real bare repository.</summary>
public sealed class StaticPodModeDeployTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (ChainContext Ctx, MemoryBuildLog Log) Context(string bare, bool dryRun, bool diff = false)
    {
        var shipped = ShippedCatalogCopy();
        var test = shipped.Environments["test"];
        var catalog = shipped with
        {
            Environments = new Dictionary<string, EnvironmentSpec>(shipped.Environments)
            {
                // The shipped ledger repository is not reachable here: the local file ledger under the state folder instead.
                ["test"] = test with
                {
                    Ledger = null,
                    StaticPod = test.StaticPod! with { Repository = bare, Nodes = test.StaticPod.Nodes.Select(n => n with { Address = null }).ToList() },
                },
            },
        };
        var log = new MemoryBuildLog();
        return (new ChainContext
        {
            Catalog = catalog, Environment = "test", Log = log, Paths = new WorkspacePaths(_dir.Combine("state")),
            RecipeRoot = RepoRoot.Path, DryRun = dryRun, DryRunDiff = diff,
        }, log);
    }

    private static Slipway.Catalog.Catalog ShippedCatalogCopy() => ShippedCatalog.Load();

    private static ServiceRun Run(Slipway.Catalog.Catalog catalog, string digest) =>
        new("nce-api", catalog.Resolve("nce-api", "test")) { Tag = "develop-20261125-065736", Digest = Digest.Parse(digest, "test") };

    [Fact]
    public async Task Deploy_writes_artifacts_and_a_dry_run_diff_compares_with_the_last_fetched_copy_without_writing()
    {
        var bare = _dir.Combine("pods.git");
        (await ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", bare])).EnsureSuccess();
        var v1 = "sha256:" + new string('a', 64);
        var v2 = "sha256:" + new string('b', 64);

        var (ctx, _) = Context(bare, dryRun: false);
        await DeployStep.RunAsync(ctx, Run(ctx.Catalog, v1));
        var artifact = Path.Combine(ctx.Paths.EnvironmentArtifacts("test"), "test-node-2", "nce-api.yaml");
        Assert.Contains(v1, await File.ReadAllTextAsync(artifact));
        var head = (await ProcessRunner.RunAsync("git", ["--git-dir", bare, "rev-parse", "main"])).StandardOutputText.Trim();

        var (same, sameLog) = Context(bare, dryRun: true, diff: true);
        await DeployStep.RunAsync(same, Run(same.Catalog, v1));
        Assert.Contains(sameLog.Lines, l => l.Contains("diff: test-node-1/nce-api.yaml already has exactly this content"));

        var (changed, changedLog) = Context(bare, dryRun: true, diff: true);
        await DeployStep.RunAsync(changed, Run(changed.Catalog, v2));
        Assert.Contains(changedLog.Lines, l => l.TrimStart().StartsWith('-') && l.EndsWith($" image: hub.c.163.com/ncerepo/nce-api@{v1}"));
        Assert.Contains(changedLog.Lines, l => l.TrimStart().StartsWith('+') && l.EndsWith($" image: hub.c.163.com/ncerepo/nce-api@{v2}"));

        Assert.Contains(v1, await File.ReadAllTextAsync(artifact));
        Assert.Equal(head, (await ProcessRunner.RunAsync("git", ["--git-dir", bare, "rev-parse", "main"])).StandardOutputText.Trim());
    }
}
