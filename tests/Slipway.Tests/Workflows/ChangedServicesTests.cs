using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Workflows;

namespace Slipway.Tests.Workflows;

public sealed class ChangedServicesTests
{
    private static readonly Slipway.Catalog.Catalog Shipped = CatalogLoader.Load(RepoRoot.Combine("services.json"), DeployModes.Shipped);
    private static readonly string ShippedJson = File.ReadAllText(RepoRoot.Combine("services.json"));

    [Fact]
    public void A_change_under_the_sample_touches_the_sample_only()
    {
        var touched = ChangedServices.Compute(Shipped, "local", ["samples/greeting/greeting-web/src/main/java/X.java"], ShippedJson);
        Assert.Equal(["greeting-web"], touched);
    }

    [Fact]
    public void A_change_elsewhere_touches_nothing()
    {
        Assert.Empty(ChangedServices.Compute(Shipped, "local", ["README.md", "src/Slipway/Catalog/CatalogLoader.cs"], ShippedJson));
    }

    [Fact]
    public void A_change_to_the_image_recipe_touches_every_service_enabled_in_the_environment()
    {
        var touched = ChangedServices.Compute(Shipped, "develop", ["images/app/start.sh"], ShippedJson);
        Assert.Equal(Shipped.ServicesEnabledIn("develop"), touched);
    }

    [Fact]
    public void A_changed_catalog_entry_touches_that_service()
    {
        var before = ShippedJson.Replace("\"port\": 8081", "\"port\": 9081");
        var touched = ChangedServices.Compute(Shipped, "develop", ["services.json"], before);
        Assert.Equal(["nce-api"], touched);
    }
}
