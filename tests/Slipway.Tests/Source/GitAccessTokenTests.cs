using Slipway.Diagnostics;
using Slipway.Source;

namespace Slipway.Tests.Source;

/// <summary>
/// Sources over HTTPS with a token from an environment variable, against git's own http-backend behind Basic auth and
/// TLS from a private CA: the token reaches git through a credential helper reading the variable, and is never in the
/// mirror's config, the workspace's config, the log or an error.
/// </summary>
public sealed class GitAccessTokenTests : IAsyncLifetime
{
    private const string CatalogKey = "services.app.repositoryAuth";
    private const string User = "x-access-token";
    private readonly string _tokenVariable = "SLIPWAY_TEST_GIT_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly string _token = "tok-" + Guid.NewGuid().ToString("N");
    private readonly TempDir _tmp = new();
    private GitHttpServer _server = null!;
    private string _url = "";
    private string _sha = "";

    public async Task InitializeAsync()
    {
        _server = await GitHttpServer.StartAsync(User, _token);
        var origin = await GitTestRepo.InitAsync(_tmp.Combine("origin"), "develop");
        _sha = await origin.CommitAsync("initial", ("pom.xml", "<project/>"));
        _url = await _server.PublishAsync(origin, "app");
        Environment.SetEnvironmentVariable(_tokenVariable, _token);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_tokenVariable, null);
        await _server.DisposeAsync();
        _tmp.Dispose();
    }

    private GitAccess Access(string? tokenVariable = null) => new(CatalogKey, TokenEnv: tokenVariable ?? _tokenVariable, CaFile: _server.CaFile);

    private Task<CheckoutResult> CheckoutAsync(GitAccess access, MemoryBuildLog log) =>
        new GitCheckout().CheckoutAsync(_url, "develop", null, _tmp.Combine("ws"), _tmp.Combine("mirrors"), log, access: access);

    [Fact]
    public async Task Clones_and_fetches_with_the_token_which_is_in_no_config_and_no_log()
    {
        var log = new MemoryBuildLog();
        var first = await CheckoutAsync(Access(), log);
        var again = await CheckoutAsync(Access(), log); // fetch into the existing mirror

        Assert.Equal(_sha, first.Sha);
        Assert.Equal(_sha, again.Sha);
        Assert.True(_server.Refused > 0, "git should have asked the helper only after the server's 401 challenge");
        Assert.DoesNotContain(_token, await File.ReadAllTextAsync(Path.Combine(first.MirrorPath, "config")));
        Assert.DoesNotContain(_token, await File.ReadAllTextAsync(Path.Combine(first.WorkspacePath, ".git", "config")));
        Assert.DoesNotContain(_token, log.Text);
        Assert.Contains(log.Lines, l => l.Contains("git clone --mirror", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_token_fails_naming_tokenEnv_and_hiding_the_token()
    {
        var wrongVariable = _tokenVariable + "_WRONG";
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(wrongVariable, wrong);
        try
        {
            var log = new MemoryBuildLog();
            var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(Access(wrongVariable), log));
            Assert.StartsWith($"{CatalogKey}.tokenEnv:", ex.Message);
            Assert.Contains(_url, ex.Message);
            Assert.Contains(wrongVariable, ex.Message);
            Assert.DoesNotContain(wrong, ex.Message);
            Assert.DoesNotContain(wrong, log.Text);
        }
        finally { Environment.SetEnvironmentVariable(wrongVariable, null); }
    }

    [Fact]
    public async Task An_unset_token_variable_fails_before_git_runs()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() => CheckoutAsync(Access(_tokenVariable + "_UNSET"), new MemoryBuildLog()));
        Assert.StartsWith($"{CatalogKey}.tokenEnv:", ex.Message);
        Assert.Equal(0, _server.Refused);
    }

    [Fact]
    public async Task An_untrusted_server_certificate_fails_naming_caFile()
    {
        var ex = await Assert.ThrowsAsync<SlipwayException>(() =>
            CheckoutAsync(new GitAccess(CatalogKey, TokenEnv: _tokenVariable), new MemoryBuildLog()));
        Assert.StartsWith($"{CatalogKey}.caFile:", ex.Message);
    }

    [Fact]
    public void The_dry_run_names_the_variable_and_not_the_token()
    {
        var lines = GitCheckout.DescribeCheckout(_url, "develop", null, _tmp.Combine("ws"), _tmp.Combine("mirrors"), Access());
        Assert.Contains(lines, l => l.Contains("$" + _tokenVariable, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(_token, StringComparison.Ordinal));
    }
}
