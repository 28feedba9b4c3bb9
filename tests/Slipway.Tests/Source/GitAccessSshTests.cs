using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Source;

namespace Slipway.Tests.Source;

/// <summary>
/// Sources over SSH against a real sshd on 127.0.0.1 and a random port, whose key may run git-shell only: the catalog's
/// deploy key and known_hosts file, strict host key checking, no prompt; each wrong setting fails naming its catalog key.
/// </summary>
public sealed class GitAccessSshTests : IAsyncLifetime
{
    private const string CatalogKey = "services.app.repositoryAuth";
    private readonly TempDir _tmp = new();
    private SshServer _ssh = null!;
    private string _url = "";
    private string _sha = "";

    public async Task InitializeAsync()
    {
        _ssh = await SshServer.StartAsync(gitOnly: true);
        var origin = await GitTestRepo.InitAsync(_tmp.Combine("origin"), "develop");
        _sha = await origin.CommitAsync("initial", ("pom.xml", "<project/>"));
        var bare = _tmp.Combine("served", "app.git");
        await origin.GitAsync("clone", "-q", "--bare", origin.Path, bare);
        _url = $"ssh://{Environment.UserName}@127.0.0.1:{_ssh.Port}{bare}";
    }

    public async Task DisposeAsync()
    {
        await _ssh.DisposeAsync();
        _tmp.Dispose();
    }

    private GitAccess Access(string? key = null, string? knownHosts = null) =>
        new(CatalogKey, key ?? _ssh.ClientKey, knownHosts ?? _ssh.KnownHostsFile);

    private Task<CheckoutResult> CheckoutAsync(GitAccess access, string name = "ws") =>
        new GitCheckout().CheckoutAsync(_url, "develop", null, _tmp.Combine(name), _tmp.Combine("mirrors-" + name), new MemoryBuildLog(), access: access);

    [Fact]
    public async Task Clones_then_fetches_with_the_deploy_key_and_the_pinned_host_key()
    {
        var first = await CheckoutAsync(Access());
        Assert.Equal(_sha, first.Sha);
        var again = await CheckoutAsync(Access()); // the mirror exists now: a fetch
        Assert.Equal(_sha, again.Sha);
        Assert.True(File.Exists(Path.Combine(again.WorkspacePath, "pom.xml")));
    }

    [Fact]
    public async Task The_key_is_a_git_only_login()
    {
        var shell = await ProcessRunner.RunAsync("ssh", ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + _ssh.KnownHostsFile, "-o", "IdentitiesOnly=yes", "-i", _ssh.ClientKey,
            "-p", _ssh.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{Environment.UserName}@127.0.0.1", "id"]);
        Assert.NotEqual(0, shell.ExitCode);
        Assert.DoesNotContain(shell.StandardOutput, l => l.Contains("uid="));
    }

    [Fact]
    public async Task A_host_key_other_than_the_pinned_one_fails_naming_knownHostsFile()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(Access(knownHosts: _ssh.WrongKnownHostsFile)));
        Assert.Contains($"{CatalogKey}.knownHostsFile", ex.Message);
        Assert.Contains(_url, ex.Message);
    }

    [Fact]
    public async Task An_unknown_host_key_fails_naming_knownHostsFile_and_prompts_nothing()
    {
        var empty = _tmp.Combine("empty_known_hosts");
        await File.WriteAllTextAsync(empty, "");
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(Access(knownHosts: empty)));
        Assert.Contains($"{CatalogKey}.knownHostsFile", ex.Message);
        Assert.Contains(_url, ex.Message);
    }

    [Fact]
    public async Task A_deploy_key_the_server_does_not_know_fails_naming_sshKeyFile()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(Access(key: _ssh.UnauthorizedClientKey)));
        Assert.Contains($"{CatalogKey}.sshKeyFile", ex.Message);
        Assert.Contains(_url, ex.Message);
    }

    [Fact]
    public async Task A_missing_key_file_fails_before_git_runs()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(Access(key: _tmp.Combine("no-such-key"))));
        Assert.StartsWith($"{CatalogKey}.sshKeyFile: '{_tmp.Combine("no-such-key")}' does not exist", ex.Message);
    }

    [Fact]
    public void The_dry_run_shows_the_strict_ssh_command()
    {
        var lines = GitCheckout.DescribeCheckout(_url, "develop", null, _tmp.Combine("ws"), _tmp.Combine("mirrors"), Access());
        var clone = lines[0];
        Assert.Contains("BatchMode=yes", clone);
        Assert.Contains("StrictHostKeyChecking=yes", clone);
        Assert.Contains("UserKnownHostsFile=" + _ssh.KnownHostsFile, clone);
        Assert.Contains("IdentitiesOnly=yes", clone);
    }
}
