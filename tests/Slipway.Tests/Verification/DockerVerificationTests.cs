using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Verification;

/// <summary>
/// Verification after a real deploy in docker mode: a good build verifies; a build with the sample's failure switch
/// (fail.after.requests, so "/" answers 500 from its third request on) passes the health check, fails verification, and
/// the previous container runs again, with the run failing naming the check and the ledger recording why. The same two builds
/// go to a static-pod environment whose node is run by a kubelet stand-in (<see cref="StaticPodKubelet"/>: the local engine,
/// on every push to the manifests repository): there the previous manifest is committed back and the old version answers again.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerVerificationTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private const string Pods = "verify-pods";
    private const string Node = "verify-node-1";

    [Fact]
    public async Task A_build_that_starts_failing_is_rolled_back_to_the_verified_one_and_the_run_fails_naming_the_check()
    {
        using var manifests = new TempDir();
        var repository = manifests.Combine("pods.git");
        (await ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", repository])).EnsureSuccess();
        var podPort = FreePort.Next();
        await using var chain = await LocalChain.StartAsync(json =>
        {
            json["environments"]!["verify"]!["verification"] = new JsonObject
            {
                ["intervalSeconds"] = 1, ["durationSeconds"] = 3, ["failureLimit"] = 0,
                ["http"] = new JsonArray(new JsonObject { ["path"] = "/", ["bodyContains"] = "hello", ["jsonPath"] = "$.conf", ["equals"] = "local" }),
                ["metrics"] = new JsonArray(new JsonObject { ["name"] = "http_errors_total", ["max"] = 0 }),
            };
            var pods = ThreeModesChain.StaticPodSpec(repository, Node);
            pods["staticPod"]!["nodes"]![0]!["address"] = "127.0.0.1";
            pods["verification"] = json["environments"]!["verify"]!["verification"]!.DeepClone();
            ThreeModesChain.AddEnvironment(json, Pods, pods);
            json["services"]![LocalChain.Service]!["environments"]![Pods]!["port"] = podPort;
        }, environment: "verify", @namespace: "verify");
        await using var kubelet = await StaticPodKubelet.StartAsync(repository, Node, LocalChain.Service);

        var v1 = await chain.DeployAsync();
        await DeployToPodsAsync(chain, v1);
        Assert.Equal(VerificationResults.Verified, (await chain.LedgerAsync(Pods))[^1].Verification);
        var verified = (await chain.LedgerAsync(chain.Environment))[^1];
        Assert.Equal((LedgerActions.Deploy, LedgerEntry.Succeeded, VerificationResults.Verified), (verified.Action, verified.Result, verified.Verification));
        Assert.Contains("0 failed (limit 0)", verified.VerificationEvidence);
        Assert.NotNull(v1.VerificationTime);
        Assert.Matches(@"^verified in \d+\.\d s$", ServiceRunSummary.VerificationNote([v1]));

        await chain.Source.CommitAsync("Fail after two requests",
            ("greeting-web/src/main/resources/local/app.properties", "greeting.message=hello from local\nfail.after.requests=2\n"));
        using var ctx = chain.Context();
        var v2 = await chain.BuildAndPushAsync(ctx);
        Assert.NotEqual(v1.Digest, v2.Digest);
        var error = await Assert.ThrowsAsync<SlipwayException>(() => DeployStep.RunAsync(ctx, v2));

        Assert.Contains($"http[0] GET / on host 'localhost' (http://127.0.0.1:{chain.Port}): saw HTTP 500", error.Message);
        Assert.Contains("expected HTTP 200", error.Message);
        Assert.Contains($"Rolled back automatically: {v1.Tag} ({Digests.Short(v1.Digest!.Value)}) runs again and verified.", error.Message);
        var container = await chain.Docker.Containers.InspectContainerAsync(chain.ContainerName);
        Assert.Equal(v1.Digest!.Value, container.Config.Labels["slipway.io/digest"]);
        Assert.Contains("hello from local", await Http.GetStringAsync($"http://127.0.0.1:{chain.Port}/"));

        var ledger = await chain.LedgerAsync(chain.Environment);
        var (failed, rollback) = (ledger[^2], ledger[^1]);
        Assert.Equal((LedgerActions.Deploy, LedgerEntry.Failed, v2.Digest!.Value, VerificationResults.Failed),
            (failed.Action, failed.Result, failed.Digest, failed.Verification));
        Assert.Contains("http[0] GET /", failed.VerificationEvidence);
        Assert.Equal((LedgerActions.Rollback, LedgerEntry.Succeeded, v1.Digest!.Value, VerificationResults.Verified),
            (rollback.Action, rollback.Result, rollback.Digest, rollback.Verification));
        Assert.StartsWith("automatic, after the failed verification of " + v2.Tag, rollback.Message);

        // static-pod: the same failure on the node, the previous manifest committed back, the old version's container answering
        var podError = await Assert.ThrowsAsync<SlipwayException>(() => DeployToPodsAsync(chain, v2));
        Assert.Contains($"http[0] GET / on node '{Node}' (http://127.0.0.1:{podPort}): saw HTTP 500", podError.Message);
        Assert.Contains($"Rolled back automatically: {v1.Tag}", podError.Message);
        var manifest = $"{Node}/{LocalChain.Service}.yaml";
        var commits = (await Git(repository, "log", "--format=%H", "main", "--", manifest)).Split('\n');
        Assert.Equal(3, commits.Length);
        Assert.Equal(await Git(repository, "show", $"{commits[2]}:{manifest}"), await Git(repository, "show", $"main:{manifest}"));
        Assert.Contains("@" + v1.Digest, await Git(repository, "show", $"main:{manifest}"));
        var running = await ProcessRunner.RunAsync("docker", ["inspect", "--format", "{{.Config.Image}}", kubelet.ContainerName]);
        Assert.EndsWith("@" + v1.Digest, running.EnsureSuccess().StandardOutputText.Trim());
        Assert.Contains("hello from local", await Http.GetStringAsync($"http://127.0.0.1:{podPort}/"));
    }

    private static async Task DeployToPodsAsync(LocalChain chain, ServiceRun built)
    {
        using var template = chain.Context();
        using var ctx = template.ForEnvironment(Pods);
        await DeployStep.RunAsync(ctx, new ServiceRun(built.Service, ctx.Catalog.Resolve(built.Service, Pods))
        {
            Checkout = built.Checkout, Tag = built.Tag, Digest = built.Digest,
        });
    }

    private static async Task<string> Git(string repository, params string[] args) =>
        (await ProcessRunner.RunAsync("git", ["--git-dir", repository, .. args])).EnsureSuccess().StandardOutputText.Trim();
}
