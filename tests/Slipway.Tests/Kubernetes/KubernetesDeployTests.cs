using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Slipway.Deploy;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// Kubernetes mode end to end through the real KubernetesClient over HTTPS: against the in-process fake API server, or a
/// real cluster when SLIPWAY_TEST_KUBECONFIG is set (see <see cref="KubernetesTestCluster"/>). No test is skipped in either.
/// </summary>
public sealed class KubernetesDeployTests(KubernetesTestCluster cluster, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<KubernetesTestCluster>, IDisposable
{
    private readonly MemoryBuildLog _log = new();

    /// <summary>The deploy log goes to the test output, to read what a rollout looked like.</summary>
    public void Dispose()
    {
        foreach (var line in _log.Lines) output.WriteLine(line);
    }

    private (KubernetesDeployer Deployer, Func<string, string?, KubernetesDeployRequest> Request) Setup(
        string ns, Action<JsonObject, JsonObject>? edit = null, string? context = null)
    {
        var catalog = KubeTestCatalog.Create(ns, context ?? cluster.AdminContext, cluster.ProgressDeadlineSeconds, edit: edit);
        var settings = KubeTestCatalog.Resolve(catalog);
        var mode = settings.EnvironmentSpec.Kubernetes!;
        var client = KubernetesConnection.Open(cluster.KubeconfigPath, "the test fixture", mode.Context);
        var deployer = new KubernetesDeployer(client, mode.Context, _log) { PollInterval = cluster.PollInterval };
        return (deployer, (image, tag) => new KubernetesDeployRequest
        {
            Settings = settings, ImageByDigest = image, Tag = tag, Commit = "0123456789abcdef0123456789abcdef01234567", LedgerEntryId = "ledger-42",
        });
    }

    private Task<V1Deployment> ReadAsync(string ns) => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(KubeTestCatalog.Service, ns);

    private static string Image(V1Deployment d) => d.Spec.Template.Spec.Containers[0].Image;

    private static string Revision(V1Deployment d) => d.Metadata.Annotations[KubernetesNames.RevisionAnnotation];

    [Fact]
    public async Task First_deploy_creates_the_labelled_namespace_and_a_Deployment_that_rolls_out()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);

        var result = await deployer.DeployAsync(request(cluster.GoodImage(1), "develop-20260101-120000"));

        Assert.True(result.Changed);
        var nsObject = await cluster.Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal(KubeTestCatalog.Environment, nsObject.Metadata.Labels[SlipwayLabels.Environment]);
        var d = await ReadAsync(ns);
        Assert.Equal(cluster.GoodImage(1), Image(d));
        Assert.Equal("develop-20260101-120000", d.Metadata.Annotations[SlipwayLabels.Tag]);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", d.Metadata.Annotations[SlipwayLabels.Commit]);
        Assert.Equal("ledger-42", d.Metadata.Annotations[SlipwayLabels.LedgerEntry]);
        Assert.Equal("app", d.Spec.Template.Metadata.Labels[SlipwayLabels.App]);
        Assert.True(d.Spec.Template.Spec.HostNetwork);
        Assert.Equal("ClusterFirstWithHostNet", d.Spec.Template.Spec.DnsPolicy);
        Assert.Equal(2, d.Status.AvailableReplicas);
        Assert.True(RolloutStatus.Of(d).Done);
        Assert.Contains(_log.Lines, l => l.Contains("successfully rolled out"));
        Assert.Contains(_log.Lines, l => l.Contains("created namespace " + ns));
        if (cluster.Fake is { } fake)
            Assert.Contains(fake.Requests, r => r.StartsWith($"PATCH /apis/apps/v1/namespaces/{ns}/deployments/app?") &&
                                                r.Contains("fieldManager=slipway") && r.Contains("force=true") && r.EndsWith("application/apply-patch+yaml"));
    }

    [Fact]
    public async Task Update_rolls_out_a_new_revision_and_retires_the_old_ReplicaSet()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns, (_, service) => service["javaOpts"] = "-Dv=1");
        await deployer.DeployAsync(request(cluster.GoodImage(1), "t1"));
        var (deployer2, request2) = Setup(ns, (_, service) => service["javaOpts"] = "-Dv=2");

        var result = await deployer2.DeployAsync(request2(cluster.GoodImage(2), "t2"));

        Assert.True(result.Changed);
        var d = await ReadAsync(ns);
        Assert.Equal(cluster.GoodImage(2), Image(d));
        Assert.Equal("2", Revision(d));
        Assert.Equal(2, d.Metadata.Generation);
        Assert.Contains(d.Spec.Template.Spec.Containers[0].Env, e => e is { Name: "NCE_JAVA_OPTS", Value: "-Dv=2" });
        var sets = await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: "nce-app=app");
        Assert.Equal(2, sets.Items.Count);
        Assert.Equal(0, sets.Items.Single(rs => rs.Metadata.Annotations[KubernetesNames.RevisionAnnotation] == "1").Spec.Replicas);
        Assert.Contains(_log.Lines, l => l.Contains("to generation 2"));
    }

    [Fact]
    public async Task Reapplying_the_same_manifest_is_a_no_op_that_keeps_the_generation()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);
        var first = await deployer.DeployAsync(request(cluster.GoodImage(1), "t1"));
        var before = await ReadAsync(ns);

        var second = await deployer.DeployAsync(request(cluster.GoodImage(1), "t1"));

        var after = await ReadAsync(ns);
        Assert.False(second.Changed);
        Assert.Equal(first.Generation, second.Generation);
        Assert.Equal(before.Metadata.Generation, after.Metadata.Generation);
        Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Equal("1", Revision(after));
        Assert.Contains(_log.Lines, l => l.Contains("already runs this spec"));
    }

    [Fact]
    public async Task The_same_image_with_new_annotations_bumps_the_generation_as_Kubernetes_does_but_already_runs_this_spec()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);
        var first = await deployer.DeployAsync(request(cluster.GoodImage(1), "t1"));

        var second = await deployer.DeployAsync(request(cluster.GoodImage(1), "t2"));

        var after = await ReadAsync(ns);
        Assert.False(second.Changed);
        Assert.Equal(first.Generation + 1, second.Generation);
        Assert.Equal("t2", after.Metadata.Annotations[SlipwayLabels.Tag]);
        Assert.Equal("1", Revision(after));
        Assert.Contains(_log.Lines, l => l.Contains("already runs this spec (generation 2 bumped by the new annotations)"));
    }

    [Fact]
    public async Task A_deploy_keeps_fields_other_managers_added_and_takes_back_the_fields_Slipway_sets()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);
        await deployer.DeployAsync(request(cluster.GoodImage(1), "t1"));
        // What `kubectl set env deploy/app EXTRA=kept` and `kubectl set image deploy/app app=...` send.
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = KubeTestCatalog.Service, ["image"] = cluster.GoodImage(3),
                ["env"] = new JsonArray(new JsonObject { ["name"] = "EXTRA", ["value"] = "kept" }),
            }),
        } } } };
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch),
            KubeTestCatalog.Service, ns, fieldManager: "kubectl-set");

        await deployer.DeployAsync(request(cluster.GoodImage(2), "t2"));

        var d = await ReadAsync(ns);
        Assert.Equal(cluster.GoodImage(2), Image(d));
        Assert.Contains(d.Spec.Template.Spec.Containers[0].Env, e => e is { Name: "EXTRA", Value: "kept" });
        Assert.Contains(d.Spec.Template.Spec.Containers[0].Env, e => e.Name == "NCE_PORT");
        Assert.DoesNotContain(d.Metadata.ManagedFields, m => m.Manager == "kubectl-set" && KubernetesJson.Serialize(m.FieldsV1).Contains("f:image"));
    }

    [Fact]
    public async Task A_rollout_that_never_gets_ready_is_rolled_back_to_the_previous_image_and_fails_naming_readiness()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);
        await deployer.DeployAsync(request(cluster.GoodImage(1), "good"));
        // The same image probed on a path that never answers 200: readiness fails, as on a real cluster.
        var (broken, brokenRequest) = Setup(ns, (_, service) => service["javaOpts"] = "-Dbroken=1");
        var brokenSettings = brokenRequest(cluster.GoodImage(3), "bad");
        brokenSettings = brokenSettings with { Settings = brokenSettings.Settings with { HealthPath = "/broken-health" } };

        var error = await Assert.ThrowsAsync<SlipwayException>(() => broken.DeployAsync(brokenSettings));

        Assert.Contains("ProgressDeadlineExceeded", error.Message);
        Assert.Contains("not ready: readiness probe GET :18480/broken-health failing", error.Message);
        Assert.Contains("Rolled back to revision 1", error.Message);
        Assert.Contains("Fix:", error.Message);
        var d = await ReadAsync(ns);
        Assert.Equal(cluster.GoodImage(1), Image(d));
        Assert.Equal("/health", d.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Path);
        Assert.Equal("good", d.Metadata.Annotations[SlipwayLabels.Tag]);
        Assert.Equal("3", Revision(d));
        Assert.True(RolloutStatus.Of(d).Done, RolloutStatus.Of(d).Message);
        Assert.Contains(_log.Lines, l => l.Contains("rolling back to revision 1"));
        // As on a cluster, the undo takes revision 1's ReplicaSet back as revision 3 rather than making a third one.
        var sets = await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: "nce-app=app");
        Assert.Equal(2, sets.Items.Count);
        var reused = sets.Items.Single(rs => rs.Metadata.Annotations[KubernetesNames.RevisionAnnotation] == "3");
        Assert.Equal("1", reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"]);
    }

    [Fact]
    public async Task An_unpullable_image_is_rolled_back_and_the_failure_names_ImagePullBackOff()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);
        await deployer.DeployAsync(request(cluster.GoodImage(1), "good"));

        var error = await Assert.ThrowsAsync<SlipwayException>(() => deployer.DeployAsync(request(cluster.UnpullableImage, "bad")));

        Assert.Matches("ImagePullBackOff|ErrImagePull", error.Message);
        Assert.Contains(cluster.UnpullableImage, error.Message);
        Assert.Contains("Rolled back to revision 1", error.Message);
        Assert.Equal(cluster.GoodImage(1), Image(await ReadAsync(ns)));
    }

    [Fact]
    public async Task The_catalog_rollout_timeout_also_triggers_the_rollback()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns, (k, _) => { k["rolloutTimeoutSeconds"] = 1; k["progressDeadlineSeconds"] = 3600; });
        await deployer.DeployAsync(request(cluster.GoodImage(1), "good"));

        var error = await Assert.ThrowsAsync<SlipwayException>(() => deployer.DeployAsync(request(cluster.UnpullableImage, "bad")));

        Assert.Contains("not rolled out within rolloutTimeoutSeconds=1", error.Message);
        Assert.Contains("Rolled back to revision 1", error.Message);
        Assert.Equal(cluster.GoodImage(1), Image(await ReadAsync(ns)));
    }

    [Fact]
    public async Task A_first_deploy_that_fails_says_there_is_no_revision_to_roll_back_to()
    {
        var ns = cluster.NewNamespace();
        var (deployer, request) = Setup(ns);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => deployer.DeployAsync(request(cluster.UnpullableImage, "bad")));

        Assert.Contains("no previous revision to roll back to", error.Message);
        Assert.Matches("ImagePullBackOff|ErrImagePull", error.Message);
    }
}
