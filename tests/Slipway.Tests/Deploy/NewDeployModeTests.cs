using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Releases;
using Slipway.Tests.Deploy.FileMode;
using Slipway.TestSupport;
using Slipway.Registry;

namespace Slipway.Tests.Deploy;

/// <summary>
/// A new deploy mode is one folder (Deploy/FileMode in this project) plus one registration (the list of modes the catalog
/// is loaded with): the catalog accepts and validates it, and Deploy, its dry run, the preflight, the ledger, Status's live
/// read, Promote's source lookup and Rollback all go through it without a line changed elsewhere.
/// </summary>
public sealed class NewDeployModeTests : IDisposable
{
    private const string Digest1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Digest2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private static readonly IReadOnlyList<ICatalogMode> Modes = [.. DeployModes.Shipped, new FileMode.FileMode()];
    private readonly TempDir _dir = new();
    private readonly MemoryBuildLog _log = new();

    private JsonObject CatalogJson()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(ShippedCatalog.Path))!.AsObject();
        Directory.CreateDirectory(_dir.Combine("live"));
        catalog["environments"]!["filed"] = new JsonObject
        {
            ["registry"] = "local", ["mode"] = "file", ["file"] = new JsonObject { ["directory"] = _dir.Combine("live") },
        };
        catalog["services"]!["greeting-web"]!["environments"]!["filed"] = new JsonObject();
        return catalog;
    }

    private Slipway.Catalog.Catalog Load(JsonObject json) => CatalogLoader.LoadFromJson(json.ToJsonString(), RepoRoot.Path, "services.json", Modes);

    private ChainContext Context(Slipway.Catalog.Catalog catalog, bool dryRun = false) => new()
    {
        Catalog = catalog, Environment = "filed", Log = _log, Paths = new WorkspacePaths(_dir.Combine("state")), RecipeRoot = RepoRoot.Path,
        DryRun = dryRun,
    };

    private static ServiceRun Run(Slipway.Catalog.Catalog catalog, string digest, string tag) =>
        new("greeting-web", catalog.Resolve("greeting-web", "filed")) { Digest = Digest.Parse(digest, "test"), Tag = tag };

    [Fact]
    public void The_catalog_accepts_the_registered_mode_and_validates_its_block()
    {
        var catalog = Load(CatalogJson());
        Assert.IsType<FileMode.FileMode>(catalog.Target("filed").Mode);

        var typo = CatalogJson();
        typo["environments"]!["filed"]!["file"]!["dir"] = "x";
        var error = Assert.Throws<CatalogException>(() => Load(typo));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.environments.filed.file.dir");

        var missing = CatalogJson();
        missing["environments"]!["filed"]!.AsObject().Remove("file");
        error = Assert.Throws<CatalogException>(() => Load(missing));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.environments.filed.file" && p.Problem.Contains("requires a 'file' block"));

        // Without the registration the same catalog is refused, naming the modes it knows.
        error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFromJson(CatalogJson().ToJsonString(), RepoRoot.Path, "services.json", DeployModes.Shipped));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.environments.filed.mode");
    }

    [Fact]
    public void Its_shared_host_network_takes_part_in_the_port_collision_rule()
    {
        var json = CatalogJson();
        var other = json["services"]!["nce-api"]!.AsObject();
        other["environments"]!["filed"] = new JsonObject();
        other["port"] = Load(CatalogJson()).Resolve("greeting-web", "filed").Port;
        var error = Assert.Throws<CatalogException>(() => Load(json));
        Assert.Contains(error.Problems, p => p.Problem.Contains("is used by both"));
    }

    [Fact]
    public async Task Deploy_dry_run_preflight_ledger_status_promote_and_rollback_go_through_it()
    {
        var catalog = Load(CatalogJson());

        using (var dry = Context(catalog, dryRun: true))
            await DeployStep.RunAsync(dry, Run(catalog, Digest1, "main-20260101-000001"));
        Assert.Contains(_log.Lines, l => l.Contains($"would write {Digest1} to {_dir.Combine("live", "greeting-web.json")}"));
        Assert.False(File.Exists(_dir.Combine("live", "greeting-web.json")));

        using var ctx = Context(catalog);
        await DeployPreflight.RunAsync(ctx);
        await DeployStep.RunAsync(ctx, Run(catalog, Digest1, "main-20260101-000001"));
        await DeployStep.RunAsync(ctx, Run(catalog, Digest2, "main-20260101-000002"));

        var live = await LiveState.ReadAsync(ctx, "greeting-web", "filed", TimeSpan.FromSeconds(5));
        Assert.Equal(Digest2, live.Digest?.Value);
        var source = await SourceImageLocator.LocateAsync(ctx, "greeting-web", "filed");
        Assert.Equal((Digest2, "main-20260101-000002"), (source.Digest?.Value, source.Tag));

        await Rollback.RunAsync(ctx, "greeting-web", to: null);
        Assert.Equal(Digest1, (await LiveState.ReadAsync(ctx, "greeting-web", "filed", TimeSpan.FromSeconds(5))).Digest?.Value);
        var history = await ReleaseLedgers.For(ctx, "filed").HistoryAsync("greeting-web", "filed");
        Assert.Equal([LedgerActions.Deploy, LedgerActions.Deploy, LedgerActions.Rollback], history.Select(e => e.Action));
        Assert.All(history, e => Assert.Equal((LedgerEntry.Succeeded, "registry"), (e.Result, e.Delivery)));

        Directory.Delete(_dir.Combine("live"), recursive: true);
        var refused = await Assert.ThrowsAsync<SlipwayException>(() => DeployPreflight.RunAsync(ctx));
        Assert.Contains("environments.filed.file.directory", refused.Message);
    }

    [Fact]
    public void The_shipped_modes_are_registered_once_in_the_order_the_shipped_schema_lists_them()
    {
        Assert.Equal(CatalogSchema.ShippedModeNames, DeployModes.Shipped.Select(m => m.Name));
    }

    public void Dispose() => _dir.Dispose();
}
