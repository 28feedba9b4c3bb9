using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Deploy.Kubernetes;
using Slipway.Pipeline;
using Slipway.Processes;
using Slipway.Tests.Kubernetes.Fake;
using Slipway.Tests.TestSupport;

namespace Slipway.Tests.Deploy;

/// <summary>
/// One build of the greeting sample, deployed through the Deploy step in all three modes: docker (the local engine),
/// static-pod (a real bare manifests repository) and kubernetes (the in-process fake API server). Every mode runs the
/// same digest: the image is built once and promoted unchanged.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ThreeModesTests
{
    private const string DockerEnvironment = "modes";
    private const string StaticPodEnvironment = "modes-pods";
    private const string KubernetesEnvironment = "modes-kube";
    private const string Node = "modes-node-1";
    private const string KubeNamespace = "slipway-modes";

    [Fact]
    public async Task One_build_is_deployed_by_the_same_digest_in_docker_static_pod_and_kubernetes_mode()
    {
        using var dir = new TempDir();
        var bare = dir.Combine("pods.git");
        (await ProcessRunner.RunAsync("git", ["init", "-q", "--bare", "-b", "main", bare])).EnsureSuccess();
        // Always the fake: a real cluster could not pull from this test's loopback registry.
        await using var kube = await FakeKubeApiServer.StartAsync();
        var kubeconfig = dir.Combine("kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, kube.Kubeconfig());
        await using var chain = await LocalChain.StartAsync(json => AddStaticPodAndKubernetes(json, bare, kubeconfig),
            environment: DockerEnvironment, @namespace: DockerEnvironment);

        var built = await chain.DeployAsync();
        Assert.StartsWith("sha256:", built.Digest);
        var expected = $"{built.Settings.ImageRepository}@{built.Digest}";

        // docker: the container runs exactly that manifest digest
        var container = await chain.ContainerAsync();
        Assert.NotNull(container);
        Assert.Equal(built.Digest, container!.Labels["io.slipway.digest"]);
        var inspected = await chain.Docker.Containers.InspectContainerAsync(container.ID);
        Assert.Equal(expected, inspected.Config.Image);
        Assert.Equal(built.ImageId, inspected.Image);
        var image = await chain.Docker.Images.InspectImageAsync(inspected.Image);
        Assert.Contains(expected, image.RepoDigests);

        // static-pod: the committed Pod manifest names that digest
        await DeployAsync(chain, built, StaticPodEnvironment);
        var committed = await ProcessRunner.RunAsync("git", ["--git-dir", bare, "show", $"main:{Node}/{LocalChain.Service}.yaml"]);
        committed.EnsureSuccess();
        var pod = KubernetesYaml.Deserialize<V1Pod>(committed.StandardOutputText);
        Assert.Equal(expected, Assert.Single(pod.Spec.Containers).Image);

        // kubernetes: the Deployment runs that digest and its rollout completed
        await DeployAsync(chain, built, KubernetesEnvironment);
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, "fake-admin"));
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(LocalChain.Service, KubeNamespace);
        Assert.Equal(expected, Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
        Assert.True(RolloutStatus.Of(deployment).Done, RolloutStatus.Of(deployment).Message);
    }

    // As the Deploy target does for another environment: the pushed digest, with the service resolved for that environment.
    private static async Task DeployAsync(LocalChain chain, ServiceRun built, string environment)
    {
        using var ctx = new ChainContext
        {
            Catalog = chain.Catalog, Environment = environment, Log = chain.Log, Paths = chain.Paths, RecipeRoot = RepoRoot.Path,
        };
        var run = new ServiceRun(built.Service, chain.Catalog.Resolve(built.Service, environment))
        {
            Checkout = built.Checkout, Tag = built.Tag, Digest = built.Digest,
        };
        Assert.Equal(built.Settings.ImageRepository, run.Settings.ImageRepository);
        await DeployStep.RunAsync(ctx, run);
    }

    private static void AddStaticPodAndKubernetes(JsonObject catalog, string bare, string kubeconfig)
    {
        var environments = catalog["environments"]!.AsObject();
        // No ledger block: the deploys are recorded in the file ledger under the state folder.
        environments[StaticPodEnvironment] = new JsonObject
        {
            ["registry"] = "test", ["mode"] = "static-pod",
            // A node without address: no health check (nothing runs the kubelet here).
            ["staticPod"] = new JsonObject
            {
                ["repository"] = bare, ["branch"] = "main", ["nodes"] = new JsonArray(new JsonObject { ["name"] = Node }),
            },
        };
        environments[KubernetesEnvironment] = new JsonObject
        {
            ["registry"] = "test", ["mode"] = "kubernetes",
            ["kubernetes"] = new JsonObject
            {
                ["kubeconfig"] = kubeconfig, ["context"] = "fake-admin", ["namespace"] = KubeNamespace,
                ["rolloutTimeoutSeconds"] = 120, ["minReadySeconds"] = 1, ["progressDeadlineSeconds"] = 10, ["preStopSleepSeconds"] = 2,
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "1", ["maxUnavailable"] = "0" },
            },
        };
        var serviceEnvironments = catalog["services"]![LocalChain.Service]!["environments"]!.AsObject();
        serviceEnvironments[StaticPodEnvironment] = new JsonObject { ["conf"] = "local" };
        serviceEnvironments[KubernetesEnvironment] = new JsonObject { ["conf"] = "local" };
    }
}
