using k8s;
using k8s.Models;
using Slipway.Catalog;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Registry;

namespace Slipway.Tests.Kubernetes;

/// <summary>The chain's Deploy step in mode kubernetes: the dry run touches nothing and prints the manifest; a real run keeps it as an artifact.</summary>
public sealed class KubernetesDeployStepTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>
{
    private readonly MemoryBuildLog _log = new();
    private readonly TempDir _state = new();

    private (ChainContext Context, ServiceRun Run) Chain(string ns, bool dryRun)
    {
        var image = cluster.GoodImage(1);
        var (_, _, service, digest) = KubeTestCatalog.Split(image);
        // The catalog names the kubeconfig (relative to the catalog folder), instead of $KUBECONFIG.
        File.Copy(cluster.KubeconfigPath, _state.Combine("kubeconfig"), overwrite: true);
        var catalog = KubeTestCatalog.Create(ns, cluster.AdminContext, cluster.ProgressDeadlineSeconds, kubeconfig: "kubeconfig",
            baseDirectory: _state.Path, image: image);
        var context = new ChainContext
        {
            Catalog = catalog, Environment = KubeTestCatalog.Environment, Log = _log,
            Paths = new WorkspacePaths(_state.Combine(".slipway")), RecipeRoot = _state.Path, DryRun = dryRun,
        };
        var run = new ServiceRun(service, catalog.Resolve(service, KubeTestCatalog.Environment)) { Digest = Digest.Parse(digest, "test"), Tag = "develop-20260101-120000" };
        return (context, run);
    }

    [Fact]
    public async Task Dry_run_prints_the_exact_Deployment_and_the_calls_and_touches_nothing()
    {
        var ns = cluster.NewNamespace();
        var (context, run) = Chain(ns, dryRun: true);
        var requestsBefore = cluster.Fake?.Requests.Count;

        await DeployModes.Of(context).DescribeAsync(context, DeployStep.InputOf(run), default);

        var yaml = string.Join('\n', _log.Lines.Where(l => l.StartsWith($"[{run.Service}]     ")).Select(l => l[$"[{run.Service}]     ".Length..]));
        var deployment = KubernetesYaml.Deserialize<V1Deployment>(yaml);
        Assert.Equal(DeployStep.InputOf(run).ImageByDigest.ToString(), deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(ns, deployment.Metadata.NamespaceProperty);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Contains(_log.Lines, l => l.Contains($"PATCH /apis/apps/v1/namespaces/{ns}/deployments/{run.Service}?fieldManager=slipway&force=true"));
        Assert.Contains(_log.Lines, l => l.Contains($"would connect with kubeconfig {_state.Combine("kubeconfig")} (from the catalog's kubernetes.kubeconfig)"));
        Assert.False(Directory.Exists(context.Paths.Artifacts));
        if (cluster.Fake is { } fake) Assert.Equal(requestsBefore, fake.Requests.Count);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespaceAsync(ns));
    }

    [Fact]
    public async Task A_real_run_deploys_and_keeps_the_rendered_manifest_under_artifacts()
    {
        var ns = cluster.NewNamespace();
        var (context, run) = Chain(ns, dryRun: false);

        await DeployModes.Of(context).DeployAsync(context, DeployStep.InputOf(run), default);

        var artifact = Path.Combine(context.Paths.Artifacts, KubeTestCatalog.Environment, $"{run.Service}.deployment.yaml");
        var written = KubernetesYaml.Deserialize<V1Deployment>(await File.ReadAllTextAsync(artifact));
        var live = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(run.Service, ns);
        Assert.Equal(written.Spec.Template.Spec.Containers[0].Image, live.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("develop-20260101-120000", live.Metadata.Annotations["slipway.io/tag"]);
        Assert.True(Slipway.Deploy.Kubernetes.RolloutStatus.Of(live).Done);
    }
}
