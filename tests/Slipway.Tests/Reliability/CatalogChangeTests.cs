using System.Text.Json.Nodes;
using k8s;
using Slipway.Catalog;
using Slipway.Deploy;
using Slipway.Processes;
using static Slipway.TestSupport.ThreeModesChain;

namespace Slipway.Tests.Reliability;

/// <summary>
/// A catalog change (the service's port and javaOpts) deployed with the same commit rolls out in every mode, since each
/// compares the whole desired runtime spec with what runs, not only the digest; deploying the same catalog again changes
/// nothing.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class CatalogChangeTests
{
    [Fact]
    public async Task A_port_and_javaOpts_change_with_the_same_commit_rolls_out_in_every_mode_and_an_unchanged_catalog_does_nothing()
    {
        await using var modes = await ThreeModesChain.StartAsync();
        var chain = modes.Chain;
        var built = await chain.DeployAsync();
        await modes.DeployAsync(built, StaticPodEnvironment);
        await modes.DeployAsync(built, KubernetesEnvironment);
        var before = await chain.Docker.Containers.InspectContainerAsync(chain.ContainerName);
        var kubeGeneration = await GenerationAsync(modes);

        var newPort = FreePort.Next();
        var changed = Changed(chain, newPort, "-Dslipway.changed=yes");
        foreach (var environment in new[] { DockerEnvironment, StaticPodEnvironment, KubernetesEnvironment })
            await modes.DeployAsync(built, environment, changed);

        // docker: a new container with the new NCE_* values, answering on the new port only
        var after = await chain.Docker.Containers.InspectContainerAsync(chain.ContainerName);
        Assert.NotEqual(before.ID, after.ID);
        Assert.Contains($"NCE_PORT={newPort}", after.Config.Env);
        Assert.Contains("NCE_JAVA_OPTS=-Dslipway.changed=yes", after.Config.Env);
        Assert.Equal(200, await HealthPoll.StatusWithinAsync(newPort, TimeSpan.FromSeconds(90)));
        Assert.Equal(0, await HealthPoll.StatusWithinAsync(chain.Port, TimeSpan.FromSeconds(1)));
        Assert.Contains("differs from the desired spec", chain.Log.Text);
        Assert.Contains("+   env:     NCE_JAVA_OPTS=-Dslipway.changed=yes", chain.Log.Text);

        // static-pod: the manifest carries the new values
        var manifest = await ManifestAsync(modes);
        Assert.Contains("-Dslipway.changed=yes", manifest);
        Assert.Contains(newPort.ToString(), manifest);
        var commits = await ManifestCommitCountAsync(modes);

        // kubernetes: a new generation whose pod template has the new values
        var generation = await GenerationAsync(modes);
        Assert.True(generation > kubeGeneration, $"generation {kubeGeneration} -> {generation}");
        using (var client = modes.KubeClient())
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(LocalChain.Service, KubeNamespace);
            Assert.Contains(deployment.Spec.Template.Spec.Containers[0].Env, e => e.Name == "NCE_JAVA_OPTS" && e.Value == "-Dslipway.changed=yes");
        }

        // the same catalog again: nothing changes anywhere
        foreach (var environment in new[] { DockerEnvironment, StaticPodEnvironment, KubernetesEnvironment })
            await modes.DeployAsync(built, environment, changed);
        Assert.Equal(after.ID, (await chain.Docker.Containers.InspectContainerAsync(chain.ContainerName)).ID);
        Assert.Equal(commits, await ManifestCommitCountAsync(modes));
        Assert.Equal(generation, await GenerationAsync(modes));
    }

    private static Slipway.Catalog.Catalog Changed(LocalChain chain, int port, string javaOpts)
    {
        var json = JsonNode.Parse(chain.CatalogText)!.AsObject();
        var service = json["services"]![LocalChain.Service]!;
        service["port"] = port;
        foreach (var (_, environment) in service["environments"]!.AsObject()) environment!["javaOpts"] = javaOpts;
        return CatalogLoader.LoadFromJson(json.ToJsonString(), chain.Folder, "changed-services.json", DeployModes.Shipped);
    }

    private static async Task<long> GenerationAsync(ThreeModesChain modes)
    {
        using var client = modes.KubeClient();
        return (await client.AppsV1.ReadNamespacedDeploymentAsync(LocalChain.Service, KubeNamespace)).Metadata.Generation ?? 0;
    }

    private static async Task<string> ManifestAsync(ThreeModesChain modes)
    {
        var shown = await ProcessRunner.RunAsync("git", ["--git-dir", modes.ManifestsRepository, "show", $"main:{Node}/{LocalChain.Service}.yaml"]);
        shown.EnsureSuccess();
        return shown.StandardOutputText;
    }

    private static async Task<int> ManifestCommitCountAsync(ThreeModesChain modes)
    {
        var count = await ProcessRunner.RunAsync("git", ["--git-dir", modes.ManifestsRepository, "rev-list", "--count", "main"]);
        count.EnsureSuccess();
        return int.Parse(count.StandardOutputText.Trim());
    }
}
