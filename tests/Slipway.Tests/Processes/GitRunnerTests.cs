using Slipway.Processes;
using Slipway.TestSupport;

namespace Slipway.Tests.Processes;

public sealed class GitRunnerTests
{
    private static async Task<string> GitAsync(GitIdentity? identity, params string[] args) =>
        (await GitRunner.RunAsync(args, identity)).EnsureSuccess().StandardOutputText.Trim();

    [Fact]
    public async Task Every_call_runs_with_the_safety_settings_whatever_the_global_config_says()
    {
        using var dir = new TempDir();
        await GitAsync(null, "init", "-q", dir.Path);

        Assert.Equal("false", await GitAsync(null, "-C", dir.Path, "config", "--get", "commit.gpgSign"));
        Assert.Equal("/dev/null", await GitAsync(null, "-C", dir.Path, "config", "--get", "core.hooksPath"));
        Assert.Equal("0", GitRunner.VisibleEnvironment["GIT_TERMINAL_PROMPT"]);
        Assert.Equal("1", GitRunner.VisibleEnvironment["GIT_CONFIG_NOSYSTEM"]);
        Assert.True(GitRunner.Environment().TryGetValue("GIT_DIR", out var gitDir) && gitDir is null);
    }

    [Fact]
    public async Task A_commit_runs_no_hook_and_carries_the_identity_the_caller_names()
    {
        using var dir = new TempDir();
        await GitAsync(null, "init", "-q", dir.Path);
        var hook = Path.Combine(dir.Path, ".git", "hooks", "pre-commit");
        await File.WriteAllTextAsync(hook, "#!/bin/sh\necho hook ran >&2\nexit 1\n");
        File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await GitAsync(new GitIdentity("Slipway deploy lock", "slipway-lock@localhost"),
            "-C", dir.Path, "commit", "-q", "--allow-empty", "-m", "lock");

        Assert.Equal("Slipway deploy lock <slipway-lock@localhost>|Slipway deploy lock <slipway-lock@localhost>",
            await GitAsync(null, "-C", dir.Path, "log", "-1", "--format=%an <%ae>|%cn <%ce>"));
    }

    [Fact]
    public void An_actor_without_an_address_gets_one_that_cannot_be_mailed()
    {
        Assert.Equal(new GitIdentity("ada", "ada@slipway.invalid"), GitIdentity.ForActor("ada"));
        Assert.Equal(new GitIdentity("ada@example.org", "ada@example.org"), GitIdentity.ForActor("ada@example.org"));
    }
}
