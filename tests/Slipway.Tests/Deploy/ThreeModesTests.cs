using k8s;
using k8s.Models;
using Slipway.Deploy.Kubernetes;
using Slipway.Processes;
using static Slipway.TestSupport.ThreeModesChain;

namespace Slipway.Tests.Deploy;

/// <summary>
/// One build of the greeting sample, deployed through the Deploy step in all three modes: docker (the local engine),
/// static-pod (a real bare manifests repository) and kubernetes (the in-process fake API server). Every mode runs the
/// same digest: the image is built once and promoted unchanged.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ThreeModesTests
{
    [Fact]
    public async Task One_build_is_deployed_by_the_same_digest_in_docker_static_pod_and_kubernetes_mode()
    {
        await using var modes = await ThreeModesChain.StartAsync();
        var chain = modes.Chain;

        var built = await chain.DeployAsync();
        Assert.StartsWith("sha256:", built.Digest!.Value);
        var expected = $"{built.Settings.ImageRepository}@{built.Digest}";

        // docker: the container runs exactly that manifest digest
        var container = await chain.ContainerAsync();
        Assert.NotNull(container);
        Assert.Equal(built.Digest!.Value, container!.Labels["slipway.io/digest"]);
        var inspected = await chain.Docker.Containers.InspectContainerAsync(container.ID);
        Assert.Equal(expected, inspected.Config.Image);
        Assert.Equal(built.ImageId!.ToString(), inspected.Image);
        var image = await chain.Docker.Images.InspectImageAsync(inspected.Image);
        Assert.Contains(expected, image.RepoDigests);

        // static-pod: the committed Pod manifest names that digest
        await modes.DeployAsync(built, StaticPodEnvironment);
        var committed = await ProcessRunner.RunAsync("git", ["--git-dir", modes.ManifestsRepository, "show", $"main:{Node}/{LocalChain.Service}.yaml"]);
        committed.EnsureSuccess();
        var pod = KubernetesYaml.Deserialize<V1Pod>(committed.StandardOutputText);
        Assert.Equal(expected, Assert.Single(pod.Spec.Containers).Image);

        // kubernetes: the Deployment runs that digest and its rollout completed
        await modes.DeployAsync(built, KubernetesEnvironment);
        using var client = modes.KubeClient();
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(LocalChain.Service, KubeNamespace);
        Assert.Equal(expected, Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
        Assert.True(RolloutStatus.Of(deployment).Done, RolloutStatus.Of(deployment).Message);
    }
}
