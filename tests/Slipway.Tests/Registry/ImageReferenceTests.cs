using Slipway.Diagnostics;
using Slipway.Registry;

namespace Slipway.Tests.Registry;

public class ImageReferenceTests
{
    private const string D = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("127.0.0.1:5055/ncerepo/orders:1.4.2", "127.0.0.1:5055", "ncerepo/orders", "1.4.2", null)]
    [InlineData("127.0.0.1:5055/ncerepo/orders", "127.0.0.1:5055", "ncerepo/orders", null, null)]
    [InlineData("hub.c.163.com/ncerepo/orders@" + D, "hub.c.163.com", "ncerepo/orders", null, D)]
    [InlineData("localhost/x:t@" + D, "localhost", "x", "t", D)]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", null, null)]
    [InlineData("slipway/tomcat10-jre17:bookworm", "docker.io", "slipway/tomcat10-jre17", "bookworm", null)]
    public void Parse_splits_registry_repository_tag_and_digest(string text, string registry, string repo, string? tag, string? digest)
    {
        var r = ImageReference.Parse(text);
        Assert.Equal(registry, r.Registry);
        Assert.Equal(repo, r.Repository);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(digest, r.Digest?.Value);
    }

    [Fact]
    public void ToString_round_trips()
    {
        foreach (var text in new[] { "127.0.0.1:5055/ncerepo/orders:1.4.2", "127.0.0.1:5055/ncerepo/orders@" + D, "h.example.com/a/b/c:t@" + D })
            Assert.Equal(text, ImageReference.Parse(text).ToString());
    }

    [Fact]
    public void WithTag_and_WithDigest_derive_references()
    {
        var r = ImageReference.Parse("127.0.0.1:5055/ncerepo/orders:1.0");
        Assert.Equal("127.0.0.1:5055/ncerepo/orders:2.0", r.WithTag("2.0").ToString());
        Assert.Equal("127.0.0.1:5055/ncerepo/orders:1.0@" + D, r.WithDigest(Digest.Parse(D, "test")).ToString());
        Assert.Equal(D, r.WithDigest(Digest.Parse(D, "test")).Reference);
        Assert.Equal("127.0.0.1:5055/ncerepo/orders:3.0", r.WithDigest(Digest.Parse(D, "test")).WithTag("3.0").ToString());
        Assert.Equal("latest", ImageReference.Parse("127.0.0.1:5055/x").Reference);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:5055/Upper/case:1")]
    [InlineData("127.0.0.1:5055/x:bad tag")]
    [InlineData("127.0.0.1:5055/x@sha256:short")]
    public void Parse_rejects_invalid_names_with_a_user_facing_error(string text)
    {
        Assert.Throws<SlipwayException>(() => ImageReference.Parse(text));
        Assert.False(ImageReference.TryParse(text, out _));
    }
}
