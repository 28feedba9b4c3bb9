using Slipway.Catalog;

namespace Slipway.Tests.Catalog;

public class NameSyntaxTests
{
    [Theory]
    [InlineData("slipway/tomcat10-jre17:bookworm", true)]
    [InlineData("tomcat", true)]
    [InlineData("tomcat:10.1-jre17", true)]
    [InlineData("127.0.0.1:5055/ncerepo/nce-api:1.0.0", true)]
    [InlineData("Registry.Example.com/team/app", true)]
    [InlineData("hub.c.163.com/ncerepo/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("app:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("Slipway/tomcat", false)]
    [InlineData("slipway/Tomcat", false)]
    [InlineData("app@sha256:abc", false)]
    [InlineData("app:", false)]
    [InlineData("app:-tag", false)]
    [InlineData("app:t\u00e4g", false)]
    [InlineData("/app", false)]
    [InlineData("app//x", false)]
    [InlineData("", false)]
    public void Image_reference_grammar(string reference, bool valid) => Assert.Equal(valid, NameSyntax.IsImageReference(reference));

    [Theory]
    [InlineData("develop")]
    [InlineData("feature/login-v2")]
    [InlineData("release/1.0")]
    public void Valid_branches(string branch) => Assert.Null(NameSyntax.GitBranchProblem(branch));

    [Theory]
    [InlineData("a..b")]
    [InlineData("-x")]
    [InlineData("x.lock")]
    [InlineData("x/")]
    [InlineData("/x")]
    [InlineData("x.")]
    [InlineData("a//b")]
    [InlineData("a@{b")]
    [InlineData("a b")]
    [InlineData("a~b")]
    [InlineData("a^b")]
    [InlineData("a:b")]
    [InlineData("a?b")]
    [InlineData("a*b")]
    [InlineData("a[b")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    [InlineData("x/.hidden")]
    [InlineData("@")]
    [InlineData("")]
    public void Invalid_branches(string branch) => Assert.NotNull(NameSyntax.GitBranchProblem(branch));

    [Theory]
    [InlineData("nce-api", true)]
    [InlineData("a", true)]
    [InlineData("online-region1", true)]
    [InlineData("Nce", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a_b", false)]
    [InlineData("a.b", false)]
    public void Dns1123_labels(string name, bool valid) => Assert.Equal(valid, NameSyntax.IsDns1123Label(name));

    [Fact]
    public void Dns1123_labels_are_at_most_63_characters()
    {
        Assert.True(NameSyntax.IsDns1123Label(new string('a', 63)));
        Assert.False(NameSyntax.IsDns1123Label(new string('a', 64)));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("hub.c.163.com", false)]
    public void Loopback_hosts(string host, bool loopback) => Assert.Equal(loopback, LoopbackHost.Is(host));
}
