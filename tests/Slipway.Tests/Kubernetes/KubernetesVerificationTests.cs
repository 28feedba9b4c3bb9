using System.Text.Json.Nodes;
using k8s;
using Slipway.Chain;
using Slipway.Deploy;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;
using Slipway.Pipeline;
using Slipway.Registry;
using Slipway.Releases;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// Verification in mode kubernetes against the fake API server: the checks reach each ready pod of the new ReplicaSet
/// through the API server's pods/proxy subresource (as kubectl does), and a build that fails them is rolled back to the
/// previous ReplicaSet's template. The fake runs no containers: each image's pods answer as a real HTTP server the test starts.
/// </summary>
public sealed class KubernetesVerificationTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>, IDisposable
{
    private readonly MemoryBuildLog _log = new();
    private readonly TempDir _state = new();

    /// <summary>The context and v1 on the catalog; v2 (another image) on the catalog with <paramref name="v2Conf"/>, a template change of its own.</summary>
    private (ChainContext Context, ServiceRun V1, ServiceRun V2) Chain(string ns, string v2Conf = "kube")
    {
        File.Copy(cluster.KubeconfigPath, _state.Combine("kubeconfig"), overwrite: true);
        var catalog = Catalog(ns, "kube");
        var context = new ChainContext
        {
            Catalog = catalog, Environment = KubeTestCatalog.Environment, Log = _log,
            Paths = new WorkspacePaths(_state.Combine(".slipway")), RecipeRoot = _state.Path,
        };
        ServiceRun Run(Slipway.Catalog.Catalog from, int variant, string tag) => new(KubeTestCatalog.Service, KubeTestCatalog.Resolve(from))
        {
            Digest = Digest.Parse(KubeTestCatalog.Split(cluster.GoodImage(variant)).Digest, "test"), Tag = tag,
        };
        return (context, Run(catalog, 1, "develop-20260101-120000"), Run(Catalog(ns, v2Conf), 2, "develop-20260102-120000"));
    }

    private Slipway.Catalog.Catalog Catalog(string ns, string conf) =>
        KubeTestCatalog.Create(ns, cluster.AdminContext, cluster.ProgressDeadlineSeconds, kubeconfig: "kubeconfig",
            baseDirectory: _state.Path, image: cluster.GoodImage(1), edit: (_, service) =>
            {
                service["conf"] = conf;
                service["verification"] = new JsonObject
                {
                    ["intervalSeconds"] = 1, ["durationSeconds"] = 1, ["failureLimit"] = 0,
                    ["http"] = new JsonArray(new JsonObject { ["path"] = "/", ["bodyContains"] = "hello" }),
                };
            });

    [FakeClusterFact]
    public async Task Kubectl_reaches_a_pod_through_the_proxy_subresource_on_its_container_port_only()
    {
        var ns = cluster.NewNamespace();
        var (context, v1, _) = Chain(ns);
        using var container = HealthyEndpoint.Answering(200, "hello from the pod");
        cluster.Fake!.RunImage(cluster.GoodImage(1), new Uri(container.Url, "/"));
        await DeployModes.Of(context).DeployAsync(context, DeployStep.InputOf(v1), default);
        var pod = (await cluster.Client.CoreV1.ListNamespacedPodAsync(ns)).Items[0].Metadata.Name;
        var kubectl = new Kubectl(cluster.KubeconfigPath, _state.Combine("cache"));

        var served = await kubectl.RunAsync("--context", cluster.AdminContext, "get", "--raw", $"/api/v1/namespaces/{ns}/pods/{pod}:18480/proxy/info?x=1");
        var otherPort = await kubectl.RunAsync("--context", cluster.AdminContext, "get", "--raw", $"/api/v1/namespaces/{ns}/pods/{pod}:9999/proxy/");

        Assert.Equal((0, "hello from the pod"), (served.ExitCode, served.StandardOutputText));
        Assert.NotEqual(0, otherPort.ExitCode);
        Assert.Contains("error trying to reach service: dial tcp", otherPort.StandardErrorText);
        Assert.Contains(":9999: connect: connection refused", otherPort.StandardErrorText);
    }

    [FakeClusterFact]
    public async Task A_verified_deploy_passes_and_a_failing_one_goes_back_to_the_previous_ReplicaSets_template_naming_the_check_and_the_pod()
    {
        var ns = cluster.NewNamespace();
        // v2 also changes the configuration: going back must restore v1's whole template, not v1's image with v2's configuration.
        var (context, v1, v2) = Chain(ns, v2Conf: "kube-changed");
        using var good = HealthyEndpoint.Answering(200, "hello from v1");
        using var failing = HealthyEndpoint.Answering(500, "boom");
        cluster.Fake!.RunImage(cluster.GoodImage(1), new Uri(good.Url, "/"));
        cluster.Fake.RunImage(cluster.GoodImage(2), new Uri(failing.Url, "/"));

        await DeployStep.RunAsync(context, v1);
        var verified = (await ReleaseLedgers.For(context, context.Environment).ReadAsync(context.Environment))[^1];
        Assert.Equal((LedgerEntry.Succeeded, VerificationResults.Verified), (verified.Result, verified.Verification));
        Assert.Contains("2 instance(s)", _log.Text);
        var v1ReplicaSet = Assert.Single((await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => DeployStep.RunAsync(context, v2));

        Assert.Contains($"http[0] GET / on pod '{ns}/{KubeTestCatalog.Service}-", error.Message);
        Assert.Contains($"/api/v1/namespaces/{ns}/pods/{KubeTestCatalog.Service}-", error.Message);
        Assert.Contains("saw HTTP 500", error.Message);
        Assert.Contains($"Rolled back automatically: {v1.Tag}", error.Message);
        var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(KubeTestCatalog.Service, ns);
        Assert.Equal(cluster.GoodImage(1), deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.True(RolloutStatus.Of(deployment).Done, RolloutStatus.Of(deployment).Message);
        var history = await RevisionHistory.ReadAsync(cluster.Client, deployment, cluster.AdminContext, default);
        Assert.Equal(v1ReplicaSet.Metadata.Name, history.Latest!.Metadata.Name);
        Assert.Equal(3, RevisionHistory.Revision(history.Latest));
        Assert.Contains($"rolled Deployment {ns}/{KubeTestCatalog.Service} back to the template of revision 1", _log.Text);
        var ledger = await ReleaseLedgers.For(context, context.Environment).ReadAsync(context.Environment);
        Assert.Equal((LedgerActions.Deploy, VerificationResults.Failed), (ledger[^2].Action, ledger[^2].Verification));
        Assert.Equal((LedgerActions.Rollback, LedgerEntry.Succeeded, v1.Digest!.Value), (ledger[^1].Action, ledger[^1].Result, ledger[^1].Digest));
    }

    [FakeClusterFact]
    public async Task A_rollback_to_an_image_no_ReplicaSet_of_the_Deployment_ran_deploys_it_anew()
    {
        var ns = cluster.NewNamespace();
        var (context, v1, v2) = Chain(ns);
        var mode = DeployModes.Of(context);
        await mode.DeployAsync(context, DeployStep.InputOf(v1), default);

        await mode.RollBackAsync(context, DeployStep.InputOf(v2), default);

        var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(KubeTestCatalog.Service, ns);
        Assert.Equal(cluster.GoodImage(2), deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.True(RolloutStatus.Of(deployment).Done, RolloutStatus.Of(deployment).Message);
        Assert.Contains($"no earlier ReplicaSet of Deployment {ns}/{KubeTestCatalog.Service} runs {cluster.GoodImage(2)}: deploying it anew", _log.Text);
    }

    public void Dispose() => _state.Dispose();
}
