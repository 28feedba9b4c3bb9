using System.Text.Json.Nodes;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Releases;

namespace Slipway.Tests.Deploy;

/// <summary>
/// Waves over the two engines: host-a is the canary wave, host-b the rest. A good build reaches host-b only after host-a
/// verified; a build that starts failing (the sample's fail.after.requests) fails verification on host-a, is rolled back there,
/// and never reaches host-b.
/// </summary>
public sealed partial class DockerRolloutTests
{
    [Fact]
    public async Task Waves_reach_host_b_only_after_host_a_verified_and_a_canary_failing_verification_is_rolled_back_before_host_b_is_touched()
    {
        var environment = "waves-" + Guid.NewGuid().ToString("N")[..8];
        await using var chain = await LocalChain.StartAsync(json =>
        {
            AddHostB(json, environment);
            var stage = json["environments"]![environment]!;
            stage["waves"] = new JsonArray(1, "100%");
            stage["verification"] = new JsonObject
            {
                ["intervalSeconds"] = 1, ["durationSeconds"] = 3, ["failureLimit"] = 0,
                ["http"] = new JsonArray(new JsonObject { ["path"] = "/", ["bodyContains"] = "hello" }),
            };
        }, environment);
        using var engineB = _second.Client();

        var v1 = await chain.DeployAsync();
        var lines = chain.Log.Lines.ToList();
        var canaryVerified = lines.FindIndex(l => l.Contains("wave 1 of 2 (host-a): verified"));
        var restStarted = lines.FindIndex(l => l.Contains("wave 2 of 2 (host-b): deploying"));
        Assert.True(canaryVerified >= 0 && canaryVerified < restStarted, "wave 2 must start only after wave 1 verified:\n" + chain.Log.Text);
        var waves = (await chain.LedgerAsync(environment)).TakeLast(2).ToList();
        Assert.All(waves, e => Assert.Equal((LedgerActions.Deploy, v1.Digest!.Value, VerificationResults.Verified), (e.Action, e.Digest, e.Verification)));
        Assert.Equal([["host-a"], ["host-b"]], waves.Select(e => e.Targets));
        var hostB = await InspectAsync(engineB, chain.ContainerName);
        Assert.Equal(v1.Digest!.Value, hostB.Config.Labels["slipway.io/digest"]);

        await chain.Source.CommitAsync("Fail after two requests",
            ("greeting-web/src/main/resources/local/app.properties", "greeting.message=hello from local\nfail.after.requests=2\n"));
        using var ctx = chain.Context();
        var v2 = await chain.BuildAndPushAsync(ctx);
        using (var dry = chain.Context(dryRun: true))
        {
            await Rollout.RunAsync(dry, DeployStep.InputOf(v2), LedgerActions.Deploy);
            Assert.Contains("  wave 1: host-a\n  wave 2: host-b\n", chain.Log.Text);
        }
        var error = await Assert.ThrowsAsync<SlipwayException>(() => DeployStep.RunAsync(ctx, v2));

        Assert.Contains("rollout stopped at wave 1 of 2 (host-a)", error.Message);
        Assert.Contains($"on host 'host-a' (http://127.0.0.1:{chain.Port}): saw HTTP 500", error.Message);
        Assert.Contains($"Rolled back automatically on host-a: {v1.Tag}", error.Message);
        Assert.Contains("Not touched: host-b.", error.Message);
        Assert.Equal(v1.Digest!.Value, (await InspectAsync(chain.Docker, chain.ContainerName)).Config.Labels["slipway.io/digest"]);
        Assert.Equal(hostB.ID, (await InspectAsync(engineB, chain.ContainerName)).ID);
        var ledger = await chain.LedgerAsync(environment);
        var (failed, rollback) = (ledger[^2], ledger[^1]);
        Assert.Equal((LedgerActions.Deploy, LedgerEntry.Failed, v2.Digest!.Value, VerificationResults.Failed, "host-a"),
            (failed.Action, failed.Result, failed.Digest, failed.Verification, Assert.Single(failed.Targets!)));
        Assert.Equal((LedgerActions.Rollback, LedgerEntry.Succeeded, v1.Digest!.Value, "host-a"),
            (rollback.Action, rollback.Result, rollback.Digest, Assert.Single(rollback.Targets!)));
        Assert.DoesNotContain(ledger, e => e.Digest == v2.Digest!.Value && e.Targets?.Contains("host-b") == true);

        await engineB.Containers.RemoveContainerAsync(chain.ContainerName, new() { Force = true });
    }
}
