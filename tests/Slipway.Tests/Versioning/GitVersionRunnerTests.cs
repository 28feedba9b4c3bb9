using Slipway.Diagnostics;
using Slipway.Source;
using Slipway.Versioning;

namespace Slipway.Tests.Versioning;

public class GitVersionRunnerTests
{
    [Fact]
    public void Finds_the_dll_in_the_nuget_cache() => Assert.True(File.Exists(GitVersionRunner.LocateDll()));

    [Fact]
    public void Honours_NUGET_PACKAGES() =>
        Assert.Equal(Path.Combine("/pkgs", "gitversion.msbuild", "6.8.2", "tools", "net10.0", "gitversion.dll"),
            GitVersionRunner.DefaultDllPath("/pkgs"));

    [Fact]
    public void Explicit_missing_path_is_an_error() =>
        Assert.Throws<SlipwayException>(() => GitVersionRunner.LocateDll("/nonexistent/gitversion.dll"));

    [Fact]
    public async Task Computes_the_version_of_a_checkout_made_by_GitCheckout()
    {
        using var tmp = new TempDir();
        var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"));
        await origin.CommitAsync("initial", ("pom.xml", "<project/>"));
        await origin.GitAsync("tag", "1.4.0");
        await origin.GitAsync("checkout", "-q", "-b", "develop");
        await origin.CommitAsync("feature one", ("a.txt", "1"));
        await origin.CommitAsync("feature two", ("b.txt", "2"));
        var checkout = await new GitCheckout().CheckoutAsync(origin.Path, "develop", null, tmp.Combine("ws"), tmp.Combine("mirrors"), new MemoryBuildLog());

        var log = new MemoryBuildLog();
        var v = await new GitVersionRunner().RunAsync(checkout.WorkspacePath, log);

        Assert.Matches(@"^\d+\.\d+\.\d+", v.SemVer);
        Assert.StartsWith("1.5.0", v.SemVer);
        Assert.Equal(checkout.Sha, v.Sha);
        Assert.Equal("develop", v.BranchName);
        Assert.Contains(checkout.Sha, v.InformationalVersion);
        Assert.False(string.IsNullOrEmpty(v.FullSemVer));
        Assert.Contains(log.Lines, l => l.Contains("gitversion.dll"));
    }

    [Fact]
    public async Task Failure_is_a_GitVersionException_with_the_tool_output_and_its_reason()
    {
        using var tmp = new TempDir();
        var ex = await Assert.ThrowsAsync<GitVersionException>(() => new GitVersionRunner().RunAsync(tmp.Path, new MemoryBuildLog()));
        Assert.Contains("gitversion.dll", ex.Message);
        Assert.Contains("Last lines", ex.Message);
        Assert.Contains("Cannot find the .git directory", ex.Reason);
    }
}
