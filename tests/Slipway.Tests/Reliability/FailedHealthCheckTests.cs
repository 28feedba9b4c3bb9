using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;
using Slipway.Processes;
using Slipway.Releases;
using static Slipway.TestSupport.ThreeModesChain;

namespace Slipway.Tests.Reliability;

/// <summary>
/// A deploy whose health check fails, in each deploy mode, through the Deploy step as the Deploy target runs it:
/// the previous version keeps serving (docker: the old container answers; static-pod: the node's manifest names the old
/// digest again; kubernetes: the Deployment is rolled back) and the release ledger records the failed deploy.
/// v2 is a healthy build; what fails is its health check: the catalog's health path was changed to one that the
/// service does not serve, a mistake that reaches every mode alike.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class FailedHealthCheckTests
{
    [Fact]
    public async Task The_previous_version_keeps_serving_in_every_mode_and_the_ledger_records_the_failed_deploy()
    {
        await using var modes = await ThreeModesChain.StartAsync((_, json) =>
        {
            json["defaults"]!["healthTimeoutSeconds"] = 30;
            // The node's health URL is the docker container's port on 127.0.0.1: that container stands in for what the
            // kubelet would run from the manifest.
            json["environments"]![StaticPodEnvironment]!["staticPod"]!["nodes"]![0]!["address"] = "127.0.0.1";
            json["environments"]![KubernetesEnvironment]!["kubernetes"]!["progressDeadlineSeconds"] = 3;
        });
        var chain = modes.Chain;

        var v1 = await chain.DeployAsync();
        await modes.DeployAsync(v1, StaticPodEnvironment);
        await modes.DeployAsync(v1, KubernetesEnvironment);

        await chain.Source.CommitAsync("v2");
        ServiceRun v2;
        using (var ctx = chain.Context()) v2 = await chain.BuildAndPushAsync(ctx);
        Assert.NotEqual(v1.Digest, v2.Digest);
        var broken = BrokenHealthCatalog(chain);

        foreach (var environment in new[] { DockerEnvironment, StaticPodEnvironment, KubernetesEnvironment })
        {
            var error = await Assert.ThrowsAsync<SlipwayException>(() => modes.DeployAsync(v2, environment, broken));
            var named = environment == KubernetesEnvironment ? "readiness probe GET" : $"127.0.0.1:{chain.Port}/broken-health";
            Assert.True(error.Message.Contains(named) && error.Message.Contains("Fix:"), error.Message);

            using var ctx = modes.Context(environment);
            var history = await ReleaseLedgers.For(ctx, environment).HistoryAsync(LocalChain.Service, environment);
            var last = history[^1];
            Assert.Equal((LedgerActions.Deploy, LedgerEntry.Failed, v2.Digest!.Value, v2.Tag), (last.Action, last.Result, last.Digest, last.Tag));
            Assert.Equal(error.Message, last.Message);
            Assert.Equal(v1.Digest!.Value, history.Last(e => e.IsSuccess && e.Action == LedgerActions.Deploy).Digest);
        }

        // docker: the v1 container runs again and answers
        var container = await chain.Docker.Containers.InspectContainerAsync(chain.ContainerName);
        Assert.Equal(v1.Digest!.Value, container.Config.Labels["slipway.io/digest"]);
        Assert.Equal(200, await HealthPoll.StatusWithinAsync(chain.Port, TimeSpan.FromSeconds(90)));

        // static-pod: the node's manifest names v1 again, after a revert commit
        var manifest = await ProcessRunner.RunAsync("git", ["--git-dir", modes.ManifestsRepository, "show", $"main:{Node}/{LocalChain.Service}.yaml"]);
        manifest.EnsureSuccess();
        var image = Assert.Single(KubernetesYaml.Deserialize<V1Pod>(manifest.StandardOutputText).Spec.Containers).Image;
        Assert.EndsWith("@" + v1.Digest, image);

        // kubernetes: rolled back to v1's image, with the v1 health path, and the rollout is complete
        using var client = modes.KubeClient();
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(LocalChain.Service, KubeNamespace);
        var running = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.EndsWith("@" + v1.Digest, running.Image);
        Assert.Equal("/health", running.ReadinessProbe.HttpGet.Path);
        Assert.True(RolloutStatus.Of(deployment).Done, RolloutStatus.Of(deployment).Message);
    }

    private static Slipway.Catalog.Catalog BrokenHealthCatalog(LocalChain chain)
    {
        var json = JsonNode.Parse(chain.CatalogText)!.AsObject();
        json["services"]![LocalChain.Service]!["healthPath"] = "/broken-health";
        return CatalogLoader.LoadFromJson(json.ToJsonString(), chain.Folder, "broken-health-services.json", DeployModes.Shipped);
    }
}
