using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Source;

namespace Slipway.Tests.Source;

public sealed class GitCheckoutTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly MemoryBuildLog _log = new();
    private readonly GitCheckout _checkout = new();

    private string Origin => _tmp.Combine("origin");
    private string Workspace => _tmp.Combine("work", "svc");
    private string Mirrors => _tmp.Combine("mirrors");

    public void Dispose() => _tmp.Dispose();

    private async Task<GitTestRepo> OriginWithDevelopAsync()
    {
        var repo = await GitTestRepo.InitAsync(Origin);
        await repo.CommitAsync("initial", ("README.md", "hello\n"));
        await repo.GitAsync("checkout", "-q", "-b", "develop");
        await repo.CommitAsync("Add service", ("src/App.java", "class App {}\n"));
        await repo.GitAsync("checkout", "-q", "main");
        return repo;
    }

    private Task<CheckoutResult> CheckoutAsync(string branch, string? commit = null, string? repository = null) =>
        _checkout.CheckoutAsync(repository ?? Origin, branch, commit, Workspace, Mirrors, _log);

    private static async Task<string> WorkspaceGitAsync(string ws, params string[] args) =>
        (await ProcessRunner.RunAsync("git", ["-C", ws, .. args])).EnsureSuccess().StandardOutputText.Trim();

    [Fact]
    public async Task Checks_out_the_branch_tip_with_commit_metadata()
    {
        var repo = await OriginWithDevelopAsync();
        var expectedTime = repo.NextCommitDate.AddMinutes(-1);
        var tip = await repo.GitAsync("rev-parse", "develop");

        var result = await CheckoutAsync("develop");

        Assert.Equal(tip, result.Sha);
        Assert.StartsWith(result.ShortSha, tip);
        Assert.True(result.ShortSha.Length >= 7);
        Assert.Equal("develop", result.Branch);
        Assert.Equal(expectedTime, result.CommitTime);
        Assert.Equal(TimeSpan.Zero, result.CommitTime.Offset);
        Assert.Equal("Ada Tester <ada@example.test>", result.Author);
        Assert.Equal("Add service", result.Subject);
        Assert.Equal(Origin, result.Repository);
        Assert.Equal(Workspace, result.WorkspacePath);
        Assert.True(File.Exists(Path.Combine(Workspace, "src", "App.java")));
        // On a local branch named like the branch (not detached), at the commit.
        Assert.Equal("develop", await WorkspaceGitAsync(Workspace, "symbolic-ref", "--short", "HEAD"));
        Assert.Equal(tip, await WorkspaceGitAsync(Workspace, "rev-parse", "HEAD"));
        Assert.Equal("", await WorkspaceGitAsync(Workspace, "status", "--porcelain", "--ignored"));
    }

    [Fact]
    public async Task Checks_out_an_older_commit_of_the_branch_by_short_sha()
    {
        var repo = await OriginWithDevelopAsync();
        await repo.GitAsync("checkout", "-q", "develop");
        var older = await repo.GitAsync("rev-parse", "HEAD");
        await repo.CommitAsync("Later change", ("src/Later.java", "class Later {}\n"));

        var result = await CheckoutAsync("develop", older[..9].ToUpperInvariant());

        Assert.Equal(older, result.Sha);
        Assert.Equal("Add service", result.Subject);
        Assert.False(File.Exists(Path.Combine(Workspace, "src", "Later.java")));
        Assert.Equal(older, await WorkspaceGitAsync(Workspace, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Commit_not_on_the_branch_is_an_error()
    {
        var repo = await OriginWithDevelopAsync();
        var developTip = await repo.GitAsync("rev-parse", "develop");

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("main", developTip));

        Assert.StartsWith("--commit: ", ex.Message);
        Assert.Contains("is not on branch 'main'", ex.Message);
        Assert.False(Directory.Exists(Workspace));
    }

    [Fact]
    public async Task Unknown_commit_is_an_error()
    {
        await OriginWithDevelopAsync();
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("develop", "deadbeefdeadbeef"));
        Assert.StartsWith("--commit: ", ex.Message);
        Assert.Contains("no such commit", ex.Message);
    }

    [Fact]
    public async Task Unknown_branch_is_an_error_listing_the_branches()
    {
        await OriginWithDevelopAsync();
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("feature/nope"));
        Assert.StartsWith("--branch: ", ex.Message);
        Assert.Contains("'feature/nope' does not exist", ex.Message);
        Assert.Contains("develop", ex.Message);
        Assert.Contains("main", ex.Message);
        Assert.Contains("Fix: ", ex.Message);
    }

    [Fact]
    public async Task Second_checkout_reuses_the_mirror_fetches_and_picks_up_new_commits()
    {
        var repo = await OriginWithDevelopAsync();
        var first = await CheckoutAsync("develop");
        var mirror = Assert.Single(Directory.GetDirectories(Mirrors));
        Assert.Equal(mirror, first.MirrorPath);
        var markerTime = File.GetLastWriteTimeUtc(Path.Combine(mirror, GitCheckout.MirrorCompleteMarker));

        await repo.GitAsync("checkout", "-q", "develop");
        var newSha = await repo.CommitAsync("Second", ("src/Second.java", "class Second {}\n"));
        var before = _log.Lines.Count;

        var second = await CheckoutAsync("develop");

        Assert.Equal(newSha, second.Sha);
        Assert.Equal(mirror, second.MirrorPath);
        Assert.Equal(mirror, Assert.Single(Directory.GetDirectories(Mirrors)));
        var secondRun = _log.Lines.Skip(before).ToList();
        Assert.Contains(secondRun, l => l.Contains("fetch --prune origin"));
        Assert.DoesNotContain(secondRun, l => l.Contains("clone --mirror"));
        Assert.Equal(markerTime, File.GetLastWriteTimeUtc(Path.Combine(mirror, GitCheckout.MirrorCompleteMarker)));
        Assert.True(File.Exists(Path.Combine(Workspace, "src", "Second.java")));
    }

    [Fact]
    public async Task Concurrent_checkouts_of_one_repository_share_the_mirror_safely()
    {
        await OriginWithDevelopAsync();
        var runs = Enumerable.Range(0, 3).Select(i =>
            _checkout.CheckoutAsync(Origin, "develop", null, _tmp.Combine("work", "c" + i), Mirrors, _log)).ToList();
        var results = await Task.WhenAll(runs);
        Assert.Single(results.Select(r => r.Sha).Distinct());
        Assert.Single(Directory.GetDirectories(Mirrors));
    }

    [Fact]
    public async Task Workspace_has_no_leftovers_from_earlier_runs()
    {
        await OriginWithDevelopAsync();
        await CheckoutAsync("develop");
        await File.WriteAllTextAsync(Path.Combine(Workspace, "leftover.txt"), "x");
        Directory.CreateDirectory(Path.Combine(Workspace, "target"));
        await File.WriteAllTextAsync(Path.Combine(Workspace, "target", "app.war"), "x");
        await File.WriteAllTextAsync(Path.Combine(Workspace, "README.md"), "modified");

        await CheckoutAsync("main");

        var files = Directory.EnumerateFiles(Workspace, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Workspace, f))
            .Where(f => !f.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["README.md"], files);
        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(Workspace, "README.md")));
        Assert.DoesNotContain(Directory.GetDirectories(_tmp.Combine("work")), d => d.Contains(".deleting-"));
    }

    [Fact]
    public async Task Works_with_a_relative_local_path_and_with_a_file_url()
    {
        await OriginWithDevelopAsync();
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Origin);
        var byPath = await CheckoutAsync("develop", repository: relative);
        var byUrl = await CheckoutAsync("develop", repository: new Uri(Origin).AbsoluteUri);
        Assert.Equal(byPath.Sha, byUrl.Sha);
        Assert.Equal(2, Directory.GetDirectories(Mirrors).Length);
    }

    [Theory]
    [InlineData("$(touch {marker})")]
    [InlineData("--upload-pack=touch {marker}")]
    [InlineData("-x")]
    [InlineData("a;touch {marker}")]
    [InlineData("a b")]
    [InlineData("a..b")]
    public async Task Malicious_branch_names_are_rejected_before_any_process_runs(string template)
    {
        await OriginWithDevelopAsync();
        var marker = _tmp.Combine("marker-" + Guid.NewGuid().ToString("N"));
        var branch = template.Replace("{marker}", marker);

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(branch));

        Assert.StartsWith("--branch: ", ex.Message);
        Assert.False(File.Exists(marker));
        Assert.False(Directory.Exists(Mirrors));
        Assert.False(Directory.Exists(Workspace));
        Assert.Empty(_log.Lines);
        Assert.Throws<SlipwayException>(() => GitCheckout.DescribeCheckout(Origin, branch, null, Workspace, Mirrors));
    }

    [Fact]
    public async Task Malicious_commit_is_rejected_before_any_process_runs()
    {
        await OriginWithDevelopAsync();
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("develop", "--upload-pack=evil"));
        Assert.StartsWith("--commit: ", ex.Message);
        Assert.False(Directory.Exists(Mirrors));
        Assert.Empty(_log.Lines);
    }

    [Fact]
    public async Task Refuses_to_delete_a_folder_that_is_not_a_workspace()
    {
        await OriginWithDevelopAsync();
        Directory.CreateDirectory(Workspace);
        await File.WriteAllTextAsync(Path.Combine(Workspace, "precious.txt"), "keep me");

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("develop"));

        Assert.StartsWith("workspace: ", ex.Message);
        Assert.True(File.Exists(Path.Combine(Workspace, "precious.txt")));
        Assert.False(Directory.Exists(Mirrors));
    }

    [Fact]
    public async Task Missing_local_repository_is_an_error()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("develop", repository: _tmp.Combine("nope")));
        Assert.StartsWith("repository: ", ex.Message);
    }

    [Fact]
    public async Task Unreachable_repository_fails_with_the_git_command_and_leaves_no_mirror()
    {
        var bogus = _tmp.Combine("not-a-repo");
        Directory.CreateDirectory(bogus);
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync("develop", repository: bogus));
        Assert.Contains("git clone --mirror -- ", ex.Message);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Mirrors), e => !e.EndsWith(".lock"));
    }

    [Fact]
    public async Task Describe_lists_the_exact_commands_without_running_them()
    {
        var lines = GitCheckout.DescribeCheckout("https://ci:s3cret@git.example.com/org/app.git", "feature/x y".Replace(" ", "-"),
            "abc1234", Workspace, Mirrors);

        Assert.False(Directory.Exists(Mirrors));
        Assert.Equal(7, lines.Count);
        const string environment = "GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=commit.gpgSign GIT_CONFIG_KEY_1=core.hooksPath " +
                                   "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_VALUE_0=false GIT_CONFIG_VALUE_1=/dev/null GIT_TERMINAL_PROMPT=0 ";
        Assert.All(lines, l => Assert.StartsWith(environment + "git ", l));
        Assert.All(lines, l => Assert.DoesNotContain("s3cret", l));
        Assert.Matches(@"^GIT_.*GIT_TERMINAL_PROMPT=0 git clone --mirror -- 'https://ci:\*\*\*@git.example.com/org/app.git' .*/mirrors/app-[0-9a-f]{12}\.git$", lines[0]);
        Assert.Contains("rev-parse --verify --quiet 'refs/heads/feature/x-y^{commit}'", lines[1]);
        Assert.Contains("merge-base --is-ancestor", lines[3]);
        Assert.Contains("clone --no-checkout --shared -- ", lines[4]);
        Assert.Contains("checkout --force -B feature/x-y '<commit-sha>'", lines[5]);

        // Once the mirror exists, the dry run shows a fetch instead of a clone.
        await OriginWithDevelopAsync();
        await CheckoutAsync("develop");
        var again = GitCheckout.DescribeCheckout(Origin, "develop", null, Workspace, Mirrors);
        Assert.EndsWith("fetch --prune origin", again[0]);
        Assert.Equal(5, again.Count);
    }
}
