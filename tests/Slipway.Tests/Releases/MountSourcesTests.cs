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

    [Fact]
    public void A_base_read_from_the_target_registry_is_mounted_from_its_own_repository_first()
    {
        var node = ShippedCatalog.Node();
        var baseName = node["defaults"]!["baseImage"]!.GetValue<string>();
        node["baseImages"]![baseName] = new JsonObject { ["registry"] = "hub", ["image"] = "mirror/tomcat:10.1-jre17" };
        var catalog = CatalogLoader.LoadFromJson(node.ToJsonString(), "/tmp", "services.json", DeployModes.Shipped);

        Assert.Equal(["mirror/tomcat", $"ncerepo/base-{baseName}"], MountSources.For(catalog, catalog.Resolve("nce-api", "online-region3")).Take(2));
        Assert.DoesNotContain("mirror/tomcat", MountSources.For(catalog, catalog.Resolve("nce-api", "local")));
    }
}
