using System.Text.Json.Nodes;
using Slipway.Chain;
using Slipway.Processes;
using Slipway.Releases;

namespace Slipway.Tests.Releases.Gates;

/// <summary>
/// Release gates through the command line on two docker stages of the local engine, with a fixed clock (SLIPWAY_TEST_NOW) and
/// actors (SLIPWAY_ACTOR): a freeze stops a promotion and shows in Status; soak time and approvals refuse, saying when they could
/// pass; approvals are bound to the digest and to the catalog's approvers; a deny window refuses; --override-gates passes missing
/// soak and is recorded. Nothing is promoted or deployed by a refused run. A saved plan applies exactly, or is refused naming what changed.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ReleaseGatesCliTests
{
    private const string First = "gate";
    private const string Next = "gate-next";

    [Fact]
    public async Task Freeze_soak_approvals_windows_and_overrides_gate_a_promotion()
    {
        var nextPort = FreePort.Next();
        await using var chain = await LocalChain.StartTwoStagesAsync(First, Next, nextPort, next => next["gates"] = JsonNode.Parse("""
            {
              "soakMinutes": 30,
              "approvals": { "required": 1, "approvers": ["alice", "bob"] },
              "windows": { "deny": [ { "name": "new year", "cron": "0 0 1 1 *", "durationMinutes": 1440, "timeZone": "UTC" } ] }
            }
            """));
        var catalog = Path.Combine(chain.Folder, "gate-services.json");
        await File.WriteAllTextAsync(catalog, chain.CatalogText);
        Task<ProcessResult> Cli(string actor, DateTimeOffset? now, params string[] args) =>
            BuildCli.RunAsync(new Dictionary<string, string?> { ["SLIPWAY_ACTOR"] = actor, [TestClock.Variable] = now?.ToString("o") },
                [.. args, "--catalog", catalog, "--state-directory", chain.Paths.Root]);
        Task<ProcessResult> Promote(string actor, DateTimeOffset now, params string[] extra) =>
            Cli(actor, now, ["Promote", "--service", LocalChain.Service, "--from", First, "--to", Next, .. extra]);

        var deployed = await Cli("carol", null, "Deploy", "--env", First);
        Assert.True(deployed.ExitCode == 0, deployed.Output());
        var v1 = Assert.Single((await chain.LedgerAsync(First)), e => e.Action == LedgerActions.Deploy);
        var t0 = v1.Time;

        // A freeze stops the promotion, shows in Status, and ends with Unfreeze.
        Assert.Equal(0, (await Cli("dave", t0, "Freeze", "--env", Next, "--reason", "incident 4711")).ExitCode);
        var frozen = await Promote("carol", t0.AddHours(2));
        Assert.True(frozen.ExitCode != 0, frozen.Output());
        Assert.Contains($"'{Next}' is frozen by dave", frozen.Output());
        Assert.Contains("incident 4711", frozen.Output());
        Assert.Contains($"FROZEN {Next} by dave", (await Cli("carol", null, "Status")).Output());
        Assert.Equal(0, (await Cli("dave", t0, "Unfreeze", "--env", Next)).ExitCode);

        // Ten minutes in: soak and approvals both refuse, saying when soak passes and who may approve.
        var early = await Promote("carol", t0.AddMinutes(10));
        Assert.True(early.ExitCode != 0, early.Output());
        Assert.Contains("soak: REFUSES - has run 10 min of the 30 min it needs", early.Output());
        Assert.Contains($"could pass at {t0.AddMinutes(30).UtcDateTime:yyyy-MM-dd HH:mm} UTC", early.Output());
        Assert.Contains("approvals: REFUSES - 0 of 1 approvals", early.Output());
        Assert.Contains($"./build.sh Approve --service {LocalChain.Service} --env {Next} --digest {v1.Digest}", early.Output());

        // Approvals: only the catalog's approvers, each once.
        Assert.Equal(0, (await Cli("alice", t0.AddMinutes(11), "Approve", "--service", LocalChain.Service, "--env", Next, "--digest", v1.Digest!)).ExitCode);
        var twice = await Cli("alice", t0.AddMinutes(12), "Approve", "--service", LocalChain.Service, "--env", Next, "--digest", v1.Digest!);
        Assert.True(twice.ExitCode != 0 && twice.Output().Contains("alice already approved"), twice.Output());
        var stranger = await Cli("mallory", t0.AddMinutes(12), "Approve", "--service", LocalChain.Service, "--env", Next, "--digest", v1.Digest!);
        Assert.True(stranger.ExitCode != 0 && stranger.Output().Contains("mallory may not approve"), stranger.Output());
        var neverRan = "sha256:" + new string('0', 64);
        var unknown = await Cli("bob", t0.AddMinutes(12), "Approve", "--service", LocalChain.Service, "--env", Next, "--digest", neverRan);
        Assert.True(unknown.ExitCode != 0 && unknown.Output().Contains($"'{First}' never ran it"), unknown.Output());
        Assert.DoesNotContain(await chain.LedgerAsync(Next), e => e.Digest == neverRan);

        // Soaked, but alice runs the promotion herself: her own approval does not count.
        var self = await Promote("alice", t0.AddMinutes(40));
        Assert.True(self.ExitCode != 0, self.Output());
        Assert.Contains("alice's own approval does not count", self.Output());

        // A deny window refuses, naming it and when it closes.
        var newYear = new DateTimeOffset(t0.Year + 1, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var denied = await Promote("carol", newYear);
        Assert.True(denied.ExitCode != 0, denied.Output());
        Assert.Contains("deny window new year is open until", denied.Output());
        Assert.Contains($"could pass at {newYear.AddHours(12).UtcDateTime:yyyy-MM-dd HH:mm} UTC", denied.Output());
        Assert.DoesNotContain((await chain.LedgerAsync(Next)), e => e.Action is LedgerActions.Promote or LedgerActions.Deploy);

        // --override-gates passes the missing soak (approvals still hold), and is recorded.
        var overridden = await Promote("carol", t0.AddMinutes(10), "--override-gates", "--reason", "hotfix for incident 4711");
        Assert.True(overridden.ExitCode == 0, overridden.Output());
        var next = (await chain.LedgerAsync(Next));
        var record = Assert.Single(next, e => e.Action == LedgerActions.GateOverride);
        Assert.Equal(("carol", v1.Digest, "soak: hotfix for incident 4711"), (record.Actor, record.Digest, record.Message));
        Assert.Contains(next, e => e.Action == LedgerActions.Deploy && e.IsSuccess && e.Digest == v1.Digest);

        // Saved plans: applied exactly, refused when an approval was withdrawn (the ledger advanced), a window closed, or the catalog changed.
        var soaked = t0.AddMinutes(40);
        Task<ProcessResult> Plan(string file) => Promote("carol", soaked, "--dry-run", "--plan-out", Path.Combine(chain.Folder, file));
        Task<ProcessResult> Apply(string file, DateTimeOffset now) =>
            Cli("carol", now, "Promote", "--use-plan", Path.Combine(chain.Folder, file));
        Task<ProcessResult> Approval(string actor, params string[] extra) =>
            Cli(actor, soaked, ["Approve", "--service", LocalChain.Service, "--env", Next, "--digest", v1.Digest!, .. extra]);

        var planned = await Plan("plan1.json");
        Assert.True(planned.ExitCode == 0, planned.Output());
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(chain.Folder, "plan1.json")))!;
        Assert.Equal(v1.Digest, (string?)plan["digest"]);
        Assert.Contains(plan["hops"]![0]!["gates"]!.AsArray(), g => (string?)g!["gate"] == "soak" && (bool)g["passed"]!);
        Assert.Equal(0, (await Approval("alice", "--withdraw")).ExitCode);
        var withdrawn = await Apply("plan1.json", soaked);
        Assert.True(withdrawn.ExitCode != 0, withdrawn.Output());
        Assert.Contains($"the release ledger of '{Next}' advanced", withdrawn.Output());
        Assert.Contains($"gate approvals of '{Next}' refuses now", withdrawn.Output());

        Assert.Equal(0, (await Approval("bob")).ExitCode);
        Assert.True((await Plan("plan2.json")).ExitCode == 0);
        var closed = await Apply("plan2.json", newYear);
        Assert.True(closed.ExitCode != 0, closed.Output());
        Assert.Contains($"gate window of '{Next}' refuses now: deny window new year", closed.Output());
        var applied = await Apply("plan2.json", soaked);
        Assert.True(applied.ExitCode == 0, applied.Output());
        Assert.Contains("plan", applied.Output());
        Assert.Contains("still holds", applied.Output());

        Assert.True((await Plan("plan3.json")).ExitCode == 0);
        await File.WriteAllTextAsync(catalog, chain.CatalogText.Replace("\"soakMinutes\":30", "\"soakMinutes\":20"));
        var edited = await Apply("plan3.json", soaked);
        Assert.True(edited.ExitCode != 0, edited.Output());
        Assert.Contains("the catalog changed", edited.Output());
    }
}
