using Slipway.Deploy;
using Slipway.Status;
using Slipway.Registry;

namespace Slipway.Tests.Status;

/// <summary>How live readings compare with the ledger, and how the text matrix shows them.</summary>
public sealed class LiveDriftTests
{
    private const string Good = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Rogue = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [Fact]
    public void Targets_that_agree_with_the_ledger_are_no_drift()
    {
        var (kinds, notes) = LiveDrift.Assess(new LiveReading([Runs("node 'a'", Good), Runs("node 'b'", Good)]), Good, "svc", "test");
        Assert.Empty(kinds);
        Assert.Empty(notes);
    }

    [Fact]
    public void Nodes_that_disagree_are_named_with_what_each_runs()
    {
        var (kinds, notes) = LiveDrift.Assess(new LiveReading([Runs("node 'a'", Good), Runs("node 'b'", Rogue)]), Good, "svc", "test");
        Assert.Equal([DriftKind.LiveDiffersFromLedger], kinds);
        Assert.Equal("targets disagree: node 'a': runs 111111111111; node 'b': runs 222222222222", Assert.Single(notes));
    }

    [Fact]
    public void A_target_without_the_service_the_ledger_says_was_deployed_is_drift_but_nothing_anywhere_is_not()
    {
        var missing = new TargetReading("Deployment ns/svc (context c)", TargetState.Missing, Detail: "not deployed");
        var (kinds, notes) = LiveDrift.Assess(new LiveReading([missing]), Good, "svc", "test");
        Assert.Equal([DriftKind.LiveDiffersFromLedger], kinds);
        Assert.Equal("Deployment ns/svc (context c): not deployed, but the ledger's last deploy is 111111111111", Assert.Single(notes));
        Assert.Empty(LiveDrift.Assess(new LiveReading([missing]), null, "svc", "test").Kinds);
    }

    [Fact]
    public void An_unfinished_rollout_and_an_image_not_pinned_by_digest_are_flagged()
    {
        var waiting = new TargetReading("Deployment ns/svc (context c)", TargetState.Runs, Digest.Parse(Good, "test"), null,
            "Waiting for deployment \"svc\" rollout to finish: 1 of 2 updated replicas are available...", RolloutComplete: false);
        Assert.Equal([DriftKind.NotRolledOut], LiveDrift.Assess(new LiveReading([waiting]), Good, "svc", "test").Kinds);
        var byTag = new TargetReading("node 'a'", TargetState.Runs, Detail: "a/svc.yaml names reg/svc:latest, not pinned by digest");
        var (kinds, notes) = LiveDrift.Assess(new LiveReading([byTag]), Good, "svc", "test");
        Assert.Equal([DriftKind.LiveDiffersFromLedger], kinds);
        Assert.Equal("node 'a': a/svc.yaml names reg/svc:latest, not pinned by digest", Assert.Single(notes));
    }

    [Fact]
    public void Nodes_of_one_unreachable_repository_share_a_marked_line_and_the_cell_says_unreachable()
    {
        const string why = "manifests repository git@git.internal:pods.git (branch main): no answer within 5s";
        var live = new LiveReading([new TargetReading("node 'a'", TargetState.Unreachable, Detail: why),
                                    new TargetReading("node 'b'", TargetState.Unreachable, Detail: why)]);
        var (kinds, notes) = LiveDrift.Assess(live, null, "svc", "test");
        var cell = new StatusCell { Service = "svc", Environment = "test", Drift = kinds, DriftNotes = notes, Live = live.Targets };
        var text = StatusTextRenderer.Render(new StatusMatrix(["svc"], ["test"], [cell], DateTimeOffset.UnixEpoch));
        Assert.Contains("DRIFT: unreachable\n", text);
        Assert.Contains($"    ! live node 'a', node 'b': unreachable ({why})\n", text);
        Assert.Contains("<td class=\"unreachable\"", StatusHtmlRenderer.Render(new StatusMatrix(["svc"], ["test"], [cell], DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void Hosts_on_different_digests_after_a_rollout_in_waves_show_as_partially_rolled_out_in_text_and_html()
    {
        var live = new LiveReading([new TargetReading("host 'a'", TargetState.Runs, Digest.Parse(Rogue, "test"), "main-2"),
                                    Runs("host 'b'", Good)]);
        // The ledger: main-2 was deployed last (to wave 1, host a); host b was rolled back to main-1 after wave 2 failed.
        var (kinds, notes) = LiveDrift.Assess(live, Good, "svc", "test", rolledDigest: Rogue);

        Assert.Equal([DriftKind.PartiallyRolledOut], kinds);
        Assert.Equal("partial: 1/2 hosts on main-2 (222222222222); host 'b': runs 111111111111", Assert.Single(notes));
        var cell = new StatusCell { Service = "svc", Environment = "test", Digest = Good, Tag = "main-1", Drift = kinds, DriftNotes = notes, Live = live.Targets };
        var matrix = new StatusMatrix(["svc"], ["test"], [cell], DateTimeOffset.UnixEpoch);
        Assert.Contains("DRIFT: partial: 1/2 hosts on main-2 (222222222222); host 'b': runs 111111111111\n", StatusTextRenderer.Render(matrix));
        Assert.Contains("partial: 1/2 hosts on main-2 (222222222222)", StatusHtmlRenderer.Render(matrix));
    }

    private static TargetReading Runs(string target, string digest) => new(target, TargetState.Runs, Digest.Parse(digest, "test"), "main-1");
}
