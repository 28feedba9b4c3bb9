using Slipway.Deploy;
using Slipway.Releases;
using Slipway.Tests.Catalog;
using Slipway.Registry;

namespace Slipway.Tests.Releases;

public sealed class PromotionRulesTests
{
    private static readonly SourceImage Image = new("pubtest", Digest.Parse("sha256:" + new string('a', 64), "test"), "develop-20261125-081500", null, "test");

    [Fact]
    public void Tags_keep_the_date_tag_and_add_an_environment_tag()
    {
        var tags = PromotionTags.For(Image, "online-region1");
        Assert.Equal("develop-20261125-081500", tags.Original);
        Assert.Equal("online-region1-develop-20261125-081500", tags.Environment);
        Assert.Equal("digest-aaaaaaaaaaaa", PromotionTags.For(Image with { Tag = null }, "test").Original);
        Assert.Equal(128, PromotionTags.For(Image with { Tag = new string('t', 127) }, "test").Environment.Length);
    }

    [Fact]
    public void The_policy_names_the_expected_predecessor_or_the_first_stage()
    {
        var catalog = Slipway.Catalog.CatalogLoader.Load(ShippedCatalog.Path, DeployModes.Shipped);
        Assert.Null(PromotionPolicy.Violation(catalog, "test", "pubtest"));
        Assert.Contains("receives images only from its predecessor 'test'", PromotionPolicy.Violation(catalog, "develop", "pubtest"));
        Assert.Contains("'develop' is a first stage", PromotionPolicy.Violation(catalog, "test", "develop"));
        Assert.Throws<Slipway.Diagnostics.SlipwayException>(() =>
            PromotionPolicy.Enforce(catalog, "develop", "pubtest", force: false, new Slipway.Diagnostics.MemoryBuildLog()));
        Assert.True(PromotionPolicy.Enforce(catalog, "develop", "pubtest", force: true, new Slipway.Diagnostics.MemoryBuildLog()));
    }
}
