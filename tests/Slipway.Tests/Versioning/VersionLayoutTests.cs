using Slipway.Diagnostics;
using Slipway.Source;
using Slipway.Versioning;

namespace Slipway.Tests.Versioning;

/// <summary>
/// Versioning never stops the chain: every repository layout below, made with git by the test, yields a version.
/// GitVersion's own where it decides; otherwise the documented fallback (<see cref="FallbackVersion.Form"/>) with a
/// warning naming GitVersion's reason. Layouts a build can meet come through <see cref="GitCheckout"/> as in Checkout.
/// </summary>
public class VersionLayoutTests
{
    /// <summary>How a layout is made (returns the folder to version) and what it must yield.</summary>
    /// <param name="Fallback">The expected fallback version with <c>{sha7}</c> for the commit; null when GitVersion decides.</param>
    /// <param name="GitVersionSemVer">A regular expression GitVersion's SemVer matches, when GitVersion decides.</param>
    /// <param name="Reason">A part of GitVersion's reason, for fallback rows.</param>
    private sealed record Layout(Func<TempDir, Task<string>> Make, string? Fallback = null, string? GitVersionSemVer = null, string? Reason = null);

    private static readonly Dictionary<string, Layout> Layouts = new()
    {
        ["tagged main, develop two commits ahead"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"));
            await origin.CommitAsync("initial", ("pom.xml", "<project/>"));
            await origin.GitAsync("tag", "1.4.0");
            await origin.GitAsync("checkout", "-q", "-b", "develop");
            await origin.CommitAsync("one");
            await origin.CommitAsync("two");
            return await CheckoutAsync(tmp, origin, "develop");
        }, GitVersionSemVer: @"^1\.5\.0-"),

        ["no tags at all, develop"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "develop");
            await origin.CommitAsync("one");
            await origin.CommitAsync("two");
            return await CheckoutAsync(tmp, origin, "develop");
        }, GitVersionSemVer: @"^0\.1\.0-alpha\.2$"),

        ["only an unusually named branch, no tags (the reported case)"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "Team_X+weird");
            await origin.CommitAsync("one");
            await origin.CommitAsync("two");
            return await CheckoutAsync(tmp, origin, "Team_X+weird");
        }, Fallback: "0.0.0-team-x-weird.2+{sha7}", Reason: "No base versions"),

        ["unusually named branch, a v-tag two commits back"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "zz-release@2026");
            await origin.CommitAsync("one");
            await origin.GitAsync("tag", "v2.3.0");
            await origin.CommitAsync("two");
            await origin.GitAsync("tag", "nightly"); // a nearer tag that is no version is passed over
            await origin.CommitAsync("three");
            return await CheckoutAsync(tmp, origin, "zz-release@2026");
        }, Fallback: "2.3.0-zz-release-2026.2+{sha7}", Reason: "No base versions"),

        ["orphan branch beside a tagged main"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"));
            await origin.CommitAsync("main one");
            await origin.GitAsync("tag", "1.0.0");
            await origin.GitAsync("checkout", "-q", "--orphan", "gh-pages");
            await origin.CommitAsync("pages one");
            return await CheckoutAsync(tmp, origin, "gh-pages");
        }, Fallback: "0.0.0-gh-pages.1+{sha7}", Reason: "No base versions"),

        ["shallow clone whose tag lies beyond the cut"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "Team_X");
            await origin.CommitAsync("one");
            await origin.GitAsync("tag", "1.2.0");
            await origin.CommitAsync("two");
            await origin.CommitAsync("three");
            var shallow = tmp.Combine("shallow");
            await GitAsync(tmp.Path, "clone", "-q", "--depth", "1", "--branch", "Team_X", "file://" + origin.Path, shallow);
            return shallow;
        }, Fallback: "0.0.0-team-x.1+{sha7}", Reason: ""),

        ["detached HEAD on an unusually named branch"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "Team_X");
            await origin.CommitAsync("one");
            await origin.CommitAsync("two");
            var workspace = await CheckoutAsync(tmp, origin, "Team_X");
            await GitAsync(workspace, "checkout", "-q", "--detach", "HEAD~1");
            return workspace;
        }, Fallback: "0.0.0-detached.1+{sha7}", Reason: "No base versions"),

        ["GitVersion.yml that is not YAML"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"));
            await origin.CommitAsync("one", ("GitVersion.yml", "mode: [oops\n  x: : :\n"));
            return await CheckoutAsync(tmp, origin, "main");
        }, Fallback: "0.0.0-main.1+{sha7}", Reason: "parsing"),

        ["GitVersion.yml whose next-version is not a version"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"));
            await origin.CommitAsync("one", ("GitVersion.yml", "next-version: banana\n"));
            await origin.CommitAsync("two");
            return await CheckoutAsync(tmp, origin, "main");
        }, Fallback: "0.0.0-main.2+{sha7}", Reason: "banana"),

        ["non-ASCII branch name"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "功能/x");
            await origin.CommitAsync("one");
            return await CheckoutAsync(tmp, origin, "功能/x");
        }, Fallback: "0.0.0-x.1+{sha7}", Reason: "No base versions"),

        ["branch named only with digits"] = new(async tmp =>
        {
            var origin = await GitTestRepo.InitAsync(tmp.Combine("origin"), "2026");
            await origin.CommitAsync("one");
            return await CheckoutAsync(tmp, origin, "2026");
        }, Fallback: "0.0.0-branch-2026.1+{sha7}", Reason: "No base versions"),
    };

    public static TheoryData<string> LayoutNames => new(Layouts.Keys);

    [Theory]
    [MemberData(nameof(LayoutNames))]
    public async Task Every_layout_yields_a_version(string layoutName)
    {
        var layout = Layouts[layoutName];
        using var tmp = new TempDir();
        var workDir = await layout.Make(tmp);
        var head = await GitAsync(workDir, "rev-parse", "HEAD");
        var log = new MemoryBuildLog();

        var version = await new VersionResolver().ResolveAsync(workDir, log);

        Assert.Equal(head, version.Sha);
        var warnings = log.Lines.Where(l => l.StartsWith("WARN:", StringComparison.Ordinal)).ToList();
        if (layout.Fallback is null)
        {
            Assert.Null(version.FallbackReason);
            Assert.Matches(layout.GitVersionSemVer!, version.SemVer);
            Assert.Empty(warnings);
            return;
        }
        var expected = layout.Fallback.Replace("{sha7}", head[..7]);
        Assert.Equal(expected, version.FullSemVer);
        Assert.Equal(expected[..expected.IndexOf('+')], version.SemVer);
        Assert.NotNull(version.FallbackReason);
        Assert.Contains(layout.Reason!, version.FallbackReason);
        var warning = Assert.Single(warnings);
        Assert.Contains("GitVersion could not compute a version", warning);
        Assert.Contains(version.FallbackReason.TrimEnd('.'), warning);
        Assert.Contains(expected, warning);
    }

    [Fact]
    public void The_table_has_at_least_eight_layouts() => Assert.True(Layouts.Count >= 8);

    private static async Task<string> CheckoutAsync(TempDir tmp, GitTestRepo origin, string branch) =>
        (await new GitCheckout().CheckoutAsync(origin.Path, branch, null, tmp.Combine("ws"), tmp.Combine("mirrors"), new MemoryBuildLog()))
        .WorkspacePath;

    private static async Task<string> GitAsync(string workDir, params string[] args)
    {
        var result = (await Slipway.Processes.GitRunner.RunAsync(["-C", workDir, .. args])).EnsureSuccess();
        return result.StandardOutputText.Trim();
    }
}
