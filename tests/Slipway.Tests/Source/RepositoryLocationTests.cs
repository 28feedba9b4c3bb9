using Slipway.Diagnostics;
using Slipway.Source;

namespace Slipway.Tests.Source;

public class RepositoryLocationTests
{
    [Theory]
    [InlineData("https://git.example.com/org/order-service.git", "order-service")]
    [InlineData("git@git.example.com:org/Order_Service.git", "order_service")]
    [InlineData("ssh://git@[::1]:2222/org/repo", "repo")]
    [InlineData("file:///srv/git/billing.git/", "billing")]
    public void Urls_are_kept_and_named_by_slug_and_hash(string url, string slug)
    {
        var loc = RepositoryLocation.Parse(url);
        Assert.False(loc.IsLocal);
        Assert.Equal(url, loc.GitArgument);
        Assert.Matches($"^{slug}-[0-9a-f]{{12}}\\.git$", loc.MirrorFolderName);
    }

    [Fact]
    public void Local_paths_become_absolute()
    {
        var loc = RepositoryLocation.Parse(".");
        Assert.True(loc.IsLocal);
        Assert.Equal(Path.TrimEndingDirectorySeparator(Directory.GetCurrentDirectory()), loc.GitArgument);
        Assert.Equal(RepositoryLocation.Parse(Directory.GetCurrentDirectory() + "/").MirrorFolderName, loc.MirrorFolderName);
    }

    [Fact]
    public void Different_repositories_get_different_mirror_folders()
    {
        Assert.NotEqual(RepositoryLocation.Parse("https://a.example/x/app.git").MirrorFolderName,
            RepositoryLocation.Parse("https://b.example/x/app.git").MirrorFolderName);
    }

    [Fact]
    public void Url_credentials_are_masked_for_display()
    {
        var loc = RepositoryLocation.Parse("https://ci:t0ken@git.example.com/org/app.git");
        Assert.Equal("https://ci:***@git.example.com/org/app.git", loc.Display);
        Assert.Equal(["t0ken"], loc.Secrets);
        Assert.DoesNotContain("t0ken", loc.MirrorFolderName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--upload-pack=evil")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("a\nb")]
    public void Rejects_dangerous_repositories(string repo) =>
        Assert.Throws<SlipwayException>(() => RepositoryLocation.Parse(repo));
}
