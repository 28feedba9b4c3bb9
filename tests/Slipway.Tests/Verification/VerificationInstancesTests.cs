using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Releases;

namespace Slipway.Tests.Verification;

/// <summary>
/// Where each mode sends the checks (docker: every host's address and port with its offset; static-pod: every node with an
/// address), and the dry run that lists them per instance through Rollout, as Deploy, Promote and Rollback would.
/// </summary>
public class VerificationInstancesTests
{
    private static Slipway.Catalog.Catalog Catalog()
    {
        var json = ShippedCatalog.Node();
        var verification = new JsonObject
        {
            ["intervalSeconds"] = 2, ["durationSeconds"] = 10,
            ["http"] = new JsonArray(new JsonObject { ["path"] = "/info", ["jsonPath"] = "$.conf", ["equals"] = "develop", ["maxLatencyMs"] = 300 }),
        };
        json["environments"]!["develop"]!["verification"] = verification;
        json["environments"]!["develop"]!["docker"]!["hosts"]![1]!["portOffset"] = 100;
        json["environments"]!["test"]!["verification"] = verification.DeepClone();
        json["environments"]!["test"]!["staticPod"]!["nodes"]![1]!.AsObject().Remove("address");
        json["environments"]!["test"]!["waves"] = new JsonArray(1, "100%");
        return CatalogLoader.LoadFromJson(json.ToJsonString(), "/repo", "services.json", DeployModes.Shipped);
    }

    private static ChainContext Context(Slipway.Catalog.Catalog catalog, string environment, TempDir dir, IBuildLog log) => new()
    {
        Catalog = catalog, Environment = environment, Log = log, Paths = new WorkspacePaths(dir.Combine("state")), RecipeRoot = RepoRoot.Path, DryRun = true,
    };

    [Theory]
    [InlineData("develop", "host 'dev-docker-1'=http://dev-docker-1.internal:8081|host 'dev-docker-2'=http://dev-docker-2.internal:8181")]
    [InlineData("test", "node 'test-node-1'=http://test-node-1.internal:8081")]
    public async Task Each_mode_lists_the_instances_it_can_reach(string environment, string expected)
    {
        using var dir = new TempDir();
        using var ctx = Context(Catalog(), environment, dir, new MemoryBuildLog());
        var input = new DeployInput { Settings = ctx.Catalog.Resolve("nce-api", environment) };

        var instances = await DeployModes.Of(ctx).VerificationInstancesAsync(ctx, input, CancellationToken.None);

        Assert.Equal(expected, string.Join("|", instances.Select(i => $"{i.Name}={i.BaseUrl}")));
    }

    [Fact]
    public async Task A_dry_run_prints_the_checks_each_instance_would_get_and_touches_nothing()
    {
        using var dir = new TempDir();
        var log = new MemoryBuildLog();
        using var ctx = Context(Catalog(), "develop", dir, log);

        var outcome = await Rollout.RunAsync(ctx, new DeployInput { Settings = ctx.Catalog.Resolve("nce-api", "develop") }, LedgerActions.Deploy);

        Assert.Null(outcome);
        Assert.Contains("[nce-api] develop: would verify for 10s, every 2s (6 rounds); more than 0 failed check(s) roll back to what ran before and fail the run:", log.Text);
        Assert.Contains("  on host 'dev-docker-2' (http://dev-docker-2.internal:8181):\n    http[0] GET /info: expect HTTP 200, within 300 ms, $.conf = develop", log.Text);
        Assert.False(Directory.Exists(dir.Combine("state", "ledger")), "a dry run wrote a ledger");
    }

    [Fact]
    public async Task A_dry_run_in_waves_prints_the_plan_then_each_wave_with_only_its_nodes_and_touches_nothing()
    {
        using var dir = new TempDir();
        var log = new MemoryBuildLog();
        using var ctx = Context(Catalog(), "test", dir, log);

        await Rollout.RunAsync(ctx, new DeployInput { Settings = ctx.Catalog.Resolve("nce-api", "test") }, LedgerActions.Deploy);

        var text = log.Text;
        Assert.Contains("[nce-api] would roll test in 2 waves, each only after the one before verified:\n  wave 1: test-node-1\n  wave 2: test-node-2\n", text);
        var (wave1, wave2) = (text.IndexOf("[nce-api] wave 1 of 2:", StringComparison.Ordinal), text.IndexOf("[nce-api] wave 2 of 2:", StringComparison.Ordinal));
        Assert.True(wave1 > 0 && wave2 > wave1, text);
        Assert.Contains("node 'test-node-1'", text[wave1..wave2]);
        Assert.DoesNotContain("node 'test-node-2'", text[wave1..wave2]);
        Assert.Contains("node 'test-node-2'", text[wave2..]);
        Assert.DoesNotContain("node 'test-node-1'", text[wave2..]);
        Assert.False(Directory.Exists(dir.Combine("state", "ledger")), "a dry run wrote a ledger");
    }
}
