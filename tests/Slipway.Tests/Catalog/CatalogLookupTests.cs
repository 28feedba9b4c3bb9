using Slipway.Catalog;
using Slipway.Diagnostics;

namespace Slipway.Tests.Catalog;

public class CatalogLookupTests
{
    private static readonly Slipway.Catalog.Catalog Shipped = ShippedCatalog.Load();

    [Fact]
    public void Services_enabled_in_an_environment_keep_catalog_order()
    {
        Assert.Equal(["greeting-web"], Shipped.ServicesEnabledIn("local"));
        var develop = Shipped.ServicesEnabledIn("develop");
        Assert.Equal(10, develop.Count);
        Assert.Equal("nce-api", develop[0]);
        Assert.DoesNotContain("greeting-web", develop);
    }

    [Fact]
    public void Disabled_services_are_not_enabled()
    {
        var catalog = Shipped with
        {
            Services = new(Shipped.Services)
            {
                ["nce-api"] = Shipped.Services["nce-api"] with
                {
                    Environments = new(Shipped.Services["nce-api"].Environments) { ["develop"] = new ServiceEnvironmentSpec { Enabled = false } },
                },
            },
        };

        Assert.DoesNotContain("nce-api", catalog.ServicesEnabledIn("develop"));
        Assert.False(catalog.Resolve("nce-api", "develop").Enabled);
    }

    [Fact]
    public void Select_without_request_gives_all_enabled()
    {
        Assert.Equal(Shipped.ServicesEnabledIn("test"), Shipped.SelectServices("test", null));
        Assert.Equal(Shipped.ServicesEnabledIn("test"), Shipped.SelectServices("test", []));
    }

    [Fact]
    public void Select_keeps_requested_order_without_duplicates()
    {
        Assert.Equal(["nce-timer", "nce-api"], Shipped.SelectServices("develop", ["nce-timer", "nce-api", "nce-timer"]));
    }

    [Fact]
    public void Select_unknown_service_lists_valid_services()
    {
        var error = Assert.Throws<SlipwayException>(() => Shipped.SelectServices("develop", ["nce-api", "nce-ap"]));

        Assert.Equal(
            "Unknown service 'nce-ap'. Valid services: greeting-web, nce-api, nce-openapi, nce-web-callback, nce-interlayer-main, " +
            "nce-container, nce-etcdwatcher, nce-timer, nce-res, nce-gdashboard, bmm-web",
            error.Message);
    }

    [Fact]
    public void Select_service_not_enabled_lists_the_enabled_ones()
    {
        var error = Assert.Throws<SlipwayException>(() => Shipped.SelectServices("local", ["nce-api"]));

        Assert.StartsWith("Service 'nce-api' is not enabled in environment 'local'. Services enabled there: greeting-web.", error.Message);
    }

    [Fact]
    public void Select_in_unknown_environment_lists_valid_environments()
    {
        var error = Assert.Throws<SlipwayException>(() => Shipped.SelectServices("staging", null));

        Assert.Contains("Unknown environment 'staging'. Valid environments: local, local-staging, develop,", error.Message);
    }

    [Fact]
    public void Get_environment_returns_the_spec_or_lists_valid_ones()
    {
        Assert.Equal("kubernetes", Shipped.GetEnvironment("pubtest").Mode);
        var error = Assert.Throws<SlipwayException>(() => Shipped.GetEnvironment("online"));
        Assert.Contains("Valid environments: local, local-staging, develop, test, pubtest, online-region1, online-region2, online-region3", error.Message);
    }

    [Fact]
    public void Promotion_chain_runs_from_the_first_stage()
    {
        Assert.Equal(["develop", "test", "pubtest", "online-region1", "online-region2", "online-region3"], Shipped.PromotionChain("online-region3"));
        Assert.Equal(["local", "local-staging"], Shipped.PromotionChain("local-staging"));
        Assert.Equal(["develop"], Shipped.PromotionChain("develop"));
    }

    [Fact]
    public void Promotion_chain_of_unknown_environment_lists_valid_ones()
    {
        var error = Assert.Throws<SlipwayException>(() => Shipped.PromotionChain("prod"));
        Assert.StartsWith("Unknown environment 'prod'. Valid environments:", error.Message);
    }
}
