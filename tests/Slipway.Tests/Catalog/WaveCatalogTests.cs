using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;

namespace Slipway.Tests.Catalog;

/// <summary>An environment's waves: how they split its hosts or nodes, and the entries refused when the catalog loads.</summary>
public class WaveCatalogTests
{
    private static readonly string[] Eight = ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"];

    private static JsonElement[] Waves(string json) => JsonSerializer.Deserialize<JsonElement[]>(json)!;

    private static Slipway.Catalog.Catalog Load(JsonObject catalog) =>
        CatalogLoader.LoadFromJson(catalog.ToJsonString(), "/repo", "services.json", DeployModes.Shipped);

    [Theory]
    [InlineData(1, "h1")]
    [InlineData(2, "h1 | h2")]
    [InlineData(3, "h1 | h2 h3")]
    [InlineData(8, "h1 | h2 | h3 h4 h5 h6 h7 h8")]
    public void A_canary_then_a_quarter_then_all_splits_the_hosts_in_catalog_order_and_skips_waves_that_add_no_host(int hosts, string expected)
    {
        var plan = WavePlan.Split("prod", Eight[..hosts], Waves("[1, \"25%\", \"100%\"]"));
        Assert.Equal(expected, string.Join(" | ", plan.Select(w => string.Join(" ", w))));
    }

    [Fact]
    public void No_waves_is_one_wave_of_every_target()
    {
        Assert.Equal([Eight], WavePlan.Split("prod", Eight, null));
        Assert.Equal("h1 h2 | h3 h4 h5 h6 h7 h8", string.Join(" | ", WavePlan.Split("prod", Eight, Waves("[2, 8]")).Select(w => string.Join(" ", w))));
    }

    [Theory]
    [InlineData("[0, \"100%\"]", "$.environments.prod.waves[0]", "wave entry 0 is neither a host count of at least 1 nor a percentage")]
    [InlineData("[\"150%\"]", "$.environments.prod.waves[0]", "wave entry \"150%\" is neither")]
    [InlineData("[\"half\"]", "$.environments.prod.waves[0]", "wave entry \"half\" is neither")]
    [InlineData("[\"50%\", 1, \"100%\"]", "$.environments.prod.waves[1]", "wave entry 1 covers 1 of 8 targets, no more than the entry before it (\"50%\", 4)")]
    [InlineData("[1, 1, \"100%\"]", "$.environments.prod.waves[1]", "no more than the entry before it (1, 1)")]
    [InlineData("[1, \"50%\"]", "$.environments.prod.waves", "the last wave entry (\"50%\") covers 4 of the 8 targets of 'prod'")]
    [InlineData("[1, 9]", "$.environments.prod.waves[1]", "wave entry 9 asks for 9 targets but 'prod' has 8")]
    public void Entries_that_make_no_plan_are_named_with_the_fix(string waves, string at, string problem)
    {
        var problems = WavePlan.Problems("prod", 8, Waves(waves)).ToList();
        Assert.Contains(problems, p => p.JsonPath == at && p.Problem.Contains(problem, StringComparison.Ordinal) && p.Fix.Length > 0);
        Assert.Throws<CatalogException>(() => WavePlan.Split("prod", Eight, Waves(waves)));
    }

    [Fact]
    public void The_catalog_loads_waves_for_docker_hosts_and_static_pod_nodes_and_refuses_them_for_kubernetes()
    {
        var catalog = ShippedCatalog.Node();
        catalog["environments"]!["develop"]!["waves"] = new JsonArray(1, "100%");
        catalog["environments"]!["develop"]!["rollBackEarlierWaves"] = true;
        catalog["environments"]!["test"]!["waves"] = new JsonArray("50%", "100%");
        var loaded = Load(catalog);
        Assert.True(loaded.Environments["develop"].RollBackEarlierWaves);
        Assert.Equal(2, loaded.Environments["test"].Waves!.Count);

        catalog["environments"]!["pubtest"]!["waves"] = new JsonArray(1, "100%");
        catalog["environments"]!["develop"]!["waves"] = new JsonArray(1, 3);
        var error = Assert.Throws<CatalogException>(() => Load(catalog));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.environments.pubtest.waves" && p.Problem.Contains("mode 'kubernetes' of 'pubtest' has none to split")
                                             && p.Fix.Contains("remove waves"));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.environments.develop.waves[1]" && p.Problem.Contains("asks for 3 targets but 'develop' has 2"));
    }

    [Fact]
    public void The_schema_refuses_an_entry_of_the_wrong_type_naming_it()
    {
        var catalog = ShippedCatalog.Node();
        catalog["environments"]!["develop"]!["waves"] = new JsonArray(true, "100%");
        var error = Assert.Throws<CatalogException>(() => Load(catalog));
        Assert.Contains(error.Problems, p => p.JsonPath.StartsWith("$.environments.develop.waves", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wave_plan_expands_to_its_environments_in_order_and_a_plan_out_of_promotion_order_is_refused()
    {
        var catalog = ShippedCatalog.Node();
        catalog["wavePlans"] = new JsonObject { ["online"] = new JsonArray("online-region1", "online-region2", "online-region3") };
        var loaded = Load(catalog);
        Assert.Equal(["test", "pubtest", "online-region1", "online-region2", "online-region3"], loaded.ExpandWavePlans(["test", "pubtest", "online"]));

        catalog["wavePlans"] = new JsonObject
        {
            ["online"] = new JsonArray("online-region1", "online-region3", "nowhere"),
            ["pubtest"] = new JsonArray("pubtest"),
        };
        var error = Assert.Throws<CatalogException>(() => Load(catalog));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.wavePlans.online[1]" && p.Problem.Contains("'online-region3' receives from 'online-region2', not from 'online-region1'"));
        Assert.Contains(error.Problems, p => p.JsonPath == "$.wavePlans.online[2]" && p.Problem == "unknown environment 'nowhere'");
        Assert.Contains(error.Problems, p => p.JsonPath == "$.wavePlans.pubtest" && p.Problem.Contains("has the name of an environment"));
    }
}
