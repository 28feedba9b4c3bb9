using Slipway.Releases;

namespace Slipway.Tests.Releases;

/// <summary>./build.sh VerifyLedger and Status on a local ledger edited by hand.</summary>
public sealed class VerifyLedgerCliTests
{
    [Fact]
    public async Task VerifyLedger_passes_an_untouched_ledger_and_names_an_edited_line_which_Status_flags_too()
    {
        using var dir = new TempDir();
        var state = dir.Combine("state");
        var ledger = new FileLedger(Path.Combine(state, "ledger"));
        for (var n = 1; n <= 4; n++)
            await ledger.AppendAsync(new LedgerEntry
            {
                Service = "greeting-web", Environment = "local", Action = LedgerActions.Deploy, Result = LedgerEntry.Succeeded,
                Tag = $"main-20261204-{n:D4}", Digest = "sha256:" + new string((char)('a' + n), 64),
            });
        // A dry run makes no engine call and Status gets no answer from this engine: neither matters to the ledger.
        var env = new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" };
        Task<Slipway.Processes.ProcessResult> Cli(params string[] args) => BuildCli.RunAsync(env, [.. args, "--state-directory", state]);

        var intact = await Cli("VerifyLedger", "--env", "local");
        Assert.True(intact.ExitCode == 0, intact.Output());
        Assert.Contains("4 lines, the hash chain holds", intact.Output());

        var path = ledger.FileFor("local");
        var lines = await File.ReadAllLinesAsync(path);
        lines[1] = lines[1].Replace("main-20261204-0002", "main-20261204-0009");
        await File.WriteAllLinesAsync(path, lines);

        var broken = await Cli("VerifyLedger", "--env", "local");
        Assert.True(broken.ExitCode != 0, broken.Output());
        Assert.Contains("the hash chain breaks at line 3", broken.Output());
        Assert.Contains("line 2 was changed", broken.Output());

        var html = dir.Combine("status.html");
        var status = await Cli("Status", "--env", "local", "--status-timeout", "1", "--html", html);
        Assert.Contains("LEDGER CHAIN BROKEN local at line 3", status.Output());
        Assert.Contains("LEDGER CHAIN BROKEN local at line 3", await File.ReadAllTextAsync(html));
    }
}
