using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Releases;
using Slipway.Tests.Kubernetes.Fake;
using Slipway.Tests.TestSupport;

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
    private const string DockerEnvironment = "healthfail";
    private const string StaticPodEnvironment = "healthfail-pods";
    private const string KubernetesEnvironment = "healthfail-kube";
    private const string Node = "healthfail-node-1";
    private const string KubeNamespace = "slipway-healthfail";
    [Fact]
    public async Task The_previous_version_keeps_serving_in_every_mode_and_the_ledger_records_the_failed_deploy()
    {
        using var dir = new TempDir();
        var bare = dir.Combine("pods.git");
        (await ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", bare])).EnsureSuccess();
        await using var kube = await FakeKubeApiServer.StartAsync();
        var kubeconfig = dir.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, kube.Kubeconfig());
        await using var chain = await LocalChain.StartAsync(json => AddEnvironments(json, bare, kubeconfig),
            environment: DockerEnvironment, @namespace: DockerEnvironment);

        // v1 in every mode. The static-pod node's health URL is the docker container's port on 127.0.0.1: that
        // container stands in for what the kubelet would run from the manifest.
        var v1 = await chain.DeployAsync();
        await DeployAsync(chain.Catalog, chain, v1, StaticPodEnvironment);
        await DeployAsync(chain.Catalog, chain, v1, KubernetesEnvironment);

        await chain.Source.CommitAsync("v2");
        ServiceRun v2;
        using (var ctx = chain.Context()) v2 = await chain.BuildAndPushAsync(ctx);
        Assert.NotEqual(v1.Digest, v2.Digest);
        var broken = BrokenHealthCatalog(chain);

        foreach (var environment in new[] { DockerEnvironment, StaticPodEnvironment, KubernetesEnvironment })
        {
            var error = await Assert.ThrowsAsync<SlipwayException>(() => DeployAsync(broken, chain, v2, environment));
            var named = environment == KubernetesEnvironment ? "readiness probe GET" : $"127.0.0.1:{chain.Port}/broken-health";
            Assert.True(error.Message.Contains(named) && error.Message.Contains("Fix:"), error.Message);

            var history = await LedgerAsync(chain, environment);
            var last = history[^1];
            Assert.Equal((LedgerActions.Deploy, LedgerEntry.Failed, v2.Digest, v2.Tag), (last.Action, last.Result, last.Digest, last.Tag));
            Assert.Equal(error.Message, last.Message);
            Assert.Equal(v1.Digest, history.Last(e => e.IsSuccess && e.Action == LedgerActions.Deploy).Digest);
        }

        // docker: the v1 container runs again and answers
        var container = await chain.Docker.Containers.InspectContainerAsync(chain.ContainerName);
        Assert.Equal(v1.Digest, container.Config.Labels["io.slipway.digest"]);
        Assert.Equal(200, await HealthPoll.StatusWithinAsync(chain.Port, TimeSpan.FromSeconds(90)));

        // static-pod: the node's manifest names v1 again, after a revert commit
        var manifest = await ProcessRunner.RunAsync("git", ["--git-dir", bare, "show", $"main:{Node}/{LocalChain.Service}.yaml"]);
        manifest.EnsureSuccess();
        var image = Assert.Single(KubernetesYaml.Deserialize<V1Pod>(manifest.StandardOutputText).Spec.Containers).Image;
        Assert.EndsWith("@" + v1.Digest, image);

        // kubernetes: rolled back to v1's image, with the v1 health path, and the rollout is complete
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, "fake-admin"));
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(LocalChain.Service, KubeNamespace);
        var running = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.EndsWith("@" + v1.Digest, running.Image);
        Assert.Equal("/health", running.ReadinessProbe.HttpGet.Path);
        Assert.True(RolloutStatus.Of(deployment).Done, RolloutStatus.Of(deployment).Message);
    }

    // As the Deploy target does for an environment: the pushed digest, with the service resolved for that environment.
    private static async Task DeployAsync(Slipway.Catalog.Catalog catalog, LocalChain chain, ServiceRun built, string environment)
    {
        using var ctx = new ChainContext
        {
            Catalog = catalog, Environment = environment, Log = chain.Log, Paths = chain.Paths, RecipeRoot = RepoRoot.Path,
        };
        var run = new ServiceRun(built.Service, catalog.Resolve(built.Service, environment))
        {
            Checkout = built.Checkout, Tag = built.Tag, Digest = built.Digest,
        };
        await DeployStep.RunAsync(ctx, run);
    }

    private static async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(LocalChain chain, string environment)
    {
        using var ctx = chain.Context();
        return await ReleaseLedgers.For(ctx, environment).HistoryAsync(LocalChain.Service, environment);
    }

    private static Slipway.Catalog.Catalog BrokenHealthCatalog(LocalChain chain)
    {
        var json = JsonNode.Parse(chain.CatalogText)!.AsObject();
        json["services"]![LocalChain.Service]!["healthPath"] = "/broken-health";
        return CatalogLoader.LoadFromJson(json.ToJsonString(), chain.Folder, "broken-health-services.json");
    }

    private static void AddEnvironments(JsonObject catalog, string bare, string kubeconfig)
    {
        catalog["defaults"]!["healthTimeoutSeconds"] = 30;
        var environments = catalog["environments"]!.AsObject();
        environments[StaticPodEnvironment] = new JsonObject
        {
            ["registry"] = "test", ["mode"] = "static-pod",
            ["staticPod"] = new JsonObject
            {
                ["repository"] = bare, ["branch"] = "main",
                ["nodes"] = new JsonArray(new JsonObject { ["name"] = Node, ["address"] = "127.0.0.1" }),
            },
        };
        environments[KubernetesEnvironment] = new JsonObject
        {
            ["registry"] = "test", ["mode"] = "kubernetes",
            ["kubernetes"] = new JsonObject
            {
                ["kubeconfig"] = kubeconfig, ["context"] = "fake-admin", ["namespace"] = KubeNamespace,
                ["rolloutTimeoutSeconds"] = 60, ["minReadySeconds"] = 1, ["progressDeadlineSeconds"] = 3, ["preStopSleepSeconds"] = 1,
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "1", ["maxUnavailable"] = "0" },
            },
        };
        var serviceEnvironments = catalog["services"]![LocalChain.Service]!["environments"]!.AsObject();
        serviceEnvironments[StaticPodEnvironment] = new JsonObject { ["conf"] = "local" };
        serviceEnvironments[KubernetesEnvironment] = new JsonObject { ["conf"] = "local" };
    }
}
