using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Releases;

namespace Slipway.Tests.Releases;

public class MountSourcesTests
{
    [Fact]
    public void A_promotion_mounts_from_the_base_repository_then_the_services_other_repositories_then_other_services_of_that_registry_only()
    {
        var node = ShippedCatalog.Node();
        node["registries"]!["hub-archive"] = new JsonObject { ["url"] = "https://hub.c.163.com", ["namespace"] = "archive" };
        node["registries"]!["elsewhere"] = new JsonObject { ["url"] = "https://other.example.com", ["namespace"] = "elsewhere" };
        node["environments"]!["online-region3"]!["registry"] = "hub-archive";
        node["environments"]!["online-region2"]!["registry"] = "elsewhere";
        var catalog = CatalogLoader.LoadFromJson(node.ToJsonString(), "/tmp", "services.json", DeployModes.Shipped);
        var to = catalog.Resolve("nce-api", "test");

        var sources = MountSources.For(catalog, to);

        var baseName = to.BaseImageName;
        Assert.Equal([$"ncerepo/base-{baseName}", $"archive/base-{baseName}", "archive/nce-api"], sources.Take(3));
        Assert.Contains("ncerepo/greeting-web", sources);
        Assert.Contains("archive/greeting-web", sources);
        Assert.DoesNotContain("ncerepo/nce-api", sources); // the target itself
        Assert.DoesNotContain(sources, s => s.StartsWith("elsewhere/", StringComparison.Ordinal)); // another registry
        Assert.Equal(sources.Count, sources.Distinct().Count());
    }
}
