using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Diagnostics;
using Slipway.Releases;
using Slipway.Releases.Gates;

namespace Slipway.Tests.Releases.Gates;

/// <summary>gates.requireVerified: a promotion needs the predecessor's ledger to show the digest passed verification there.</summary>
public class VerifiedGateTests
{
    private const string Good = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Bad = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Service = "greeting-web";

    private static LedgerEntry Deploy(string digest, string result, string? verification, string? evidence = null) => new()
    {
        Service = Service, Environment = "local", Action = LedgerActions.Deploy, Digest = digest, Result = result,
        Verification = verification, VerificationEvidence = evidence,
    };

    [Fact]
    public async Task A_promotion_passes_only_for_a_digest_verified_in_the_predecessor()
    {
        using var dir = new TempDir();
        var json = ShippedCatalog.Node();
        json["environments"]!["local-staging"]!["gates"] = new System.Text.Json.Nodes.JsonObject { ["requireVerified"] = true };
        var catalog = CatalogLoader.LoadFromJson(json.ToJsonString(), "/repo", "services.json", DeployModes.Shipped);
        ChainContext Context(string environment) => new()
        {
            Catalog = catalog, Environment = environment, Log = new MemoryBuildLog(), Paths = new WorkspacePaths(dir.Combine("state")), RecipeRoot = RepoRoot.Path,
        };
        using (var local = Context("local"))
        {
            var ledger = ReleaseLedgers.For(local, "local");
            await ledger.AppendAsync(Deploy(Good, LedgerEntry.Succeeded, VerificationResults.Verified, "4 check(s) ..., 0 failed (limit 0)"));
            await ledger.AppendAsync(Deploy(Bad, LedgerEntry.Failed, VerificationResults.Failed, "http[0] GET / on host 'localhost': saw HTTP 500"));
            await ledger.AppendAsync(Deploy(Bad, LedgerEntry.Succeeded, null));
        }
        using var staging = Context("local-staging");

        var good = await ReleaseGates.EvaluateAsync(staging, new GateCheck(Service, Good, GatedAction.Promotion));
        var bad = await ReleaseGates.EvaluateAsync(staging, new GateCheck(Service, Bad, GatedAction.Promotion));
        var deploy = await ReleaseGates.EvaluateAsync(staging, new GateCheck(Service, Bad, GatedAction.Deploy));

        Assert.True(good.Single(v => v.Gate == "verified").Passed);
        var refused = bad.Single(v => v.Gate == "verified");
        Assert.False(refused.Passed);
        Assert.Contains("failed verification in 'local'", refused.Reason);
        Assert.Contains("saw HTTP 500", refused.Reason);
        Assert.DoesNotContain(deploy, v => v.Gate == "verified");
        var error = await Assert.ThrowsAsync<SlipwayException>(() => ReleaseGates.EnforceAsync(staging, new GateCheck(Service, Bad, GatedAction.Promotion)));
        Assert.Contains("so its verification passes there", error.Message);
    }

    [Fact]
    public void A_digest_the_predecessor_never_verified_is_refused_saying_so()
    {
        var verdict = VerifiedInPredecessor.Evaluate([Deploy(Good, LedgerEntry.Succeeded, null)], "local", Good);
        Assert.Equal((false, "'local' never verified 111111111111 (no deploy of it there passed verification)"), (verdict.Passed, verdict.Reason));
    }

    [Fact]
    public void A_digest_whose_first_wave_verified_and_a_later_wave_failed_is_not_verified()
    {
        var firstWave = Deploy(Good, LedgerEntry.Succeeded, VerificationResults.Verified) with { Targets = ["a"] };
        var secondWave = Deploy(Good, LedgerEntry.Failed, VerificationResults.Failed) with { Targets = ["b"], VerificationEvidence = "http[0] GET / on host 'b': saw HTTP 500" };
        var verdict = VerifiedInPredecessor.Evaluate([firstWave, secondWave], "local", Good);
        Assert.False(verdict.Passed);
        Assert.Contains("failed verification in 'local'", verdict.Reason);
        Assert.True(VerifiedInPredecessor.Evaluate([firstWave], "local", Good).Passed);
    }
}
