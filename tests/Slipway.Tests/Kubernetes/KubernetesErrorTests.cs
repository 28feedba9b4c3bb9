using k8s;
using k8s.Autorest;
using k8s.Models;
using Slipway.Deploy.Kubernetes;
using Slipway.Diagnostics;

namespace Slipway.Tests.Kubernetes;

/// <summary>API errors, produced for real by the API server (fake or real cluster), arrive as clear SlipwayExceptions.</summary>
public sealed class KubernetesErrorTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>
{
    private readonly MemoryBuildLog _log = new();

    private KubernetesDeployer Deployer(string context) =>
        new(KubernetesConnection.Open(cluster.KubeconfigPath, "the test fixture", context), context, _log) { PollInterval = cluster.PollInterval };

    private KubernetesDeployRequest Request(string ns, Action<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject>? edit = null) => new()
    {
        Settings = KubeTestCatalog.Resolve(KubeTestCatalog.Create(ns, cluster.AdminContext, cluster.ProgressDeadlineSeconds, edit: edit)),
        ImageByDigest = cluster.GoodImage(1),
    };

    [Fact]
    public async Task An_invalid_manifest_is_a_422_listing_each_invalid_field()
    {
        var ns = cluster.NewNamespace();
        var request = Request(ns, (k, _) => k["nodeSelector"] = new System.Text.Json.Nodes.JsonObject { ["nce-env"] = "not valid!" });

        var error = await Assert.ThrowsAsync<SlipwayException>(() => Deployer(cluster.AdminContext).DeployAsync(request));

        Assert.StartsWith($"patch deployments.apps/app in namespace {ns} was rejected as invalid (422 Invalid)", error.Message);
        Assert.Contains("causes: spec.template.spec.nodeSelector: Invalid value: \"not valid!\"", error.Message);
        Assert.Contains("Fix: correct the catalog values", error.Message);
    }

    [Fact]
    public async Task A_user_without_write_access_gets_a_403_naming_verb_resource_namespace_and_RBAC()
    {
        var ns = cluster.NewNamespace();
        await cluster.CreateNamespaceAsync(ns);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => Deployer(cluster.ReaderContext).DeployAsync(Request(ns)));

        Assert.StartsWith($"patch deployments.apps/app in namespace {ns} is forbidden (403 Forbidden", error.Message);
        Assert.Contains($"grant the kubeconfig user RBAC permission to 'patch' 'deployments.apps' in namespace '{ns}'", error.Message);
    }

    [Fact]
    public async Task Creating_what_exists_is_a_409_AlreadyExists()
    {
        var ns = cluster.NewNamespace();
        await cluster.CreateNamespaceAsync(ns);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }));
        var mapped = KubernetesErrors.Map(e, new("create", "namespaces", null, ns));

        Assert.Contains("already exists (409 AlreadyExists", mapped.Message);
        Assert.DoesNotContain("changed while", mapped.Message);
    }

    [Fact]
    public async Task An_apply_that_would_change_a_field_another_manager_owns_is_a_409_naming_field_and_manager()
    {
        var ns = cluster.NewNamespace();
        await Deployer(cluster.AdminContext).DeployAsync(Request(ns));
        var manifest = DeploymentRenderer.Render(new KubernetesDeployRequest { Settings = Request(ns).Settings, ImageByDigest = cluster.GoodImage(2) });

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(manifest, V1Patch.PatchType.ApplyPatch), "app", ns, fieldManager: "someone-else"));
        var mapped = KubernetesErrors.Map(e, new("patch", "deployments.apps", ns, "app"));

        // The new image and its digest annotation: both Slipway's.
        Assert.Contains("another field manager owns fields this apply would change (409 Conflict: Apply failed with 2 conflicts: " +
                        "conflicts with \"slipway\":\n- .metadata.annotations.", mapped.Message);
        Assert.Contains("\n- .spec.template.spec.containers[name=\"app\"].image", mapped.Message);
        Assert.DoesNotContain("changed while", mapped.Message);
    }

    [Fact]
    public async Task Writing_a_stale_version_is_a_409_Conflict()
    {
        var ns = cluster.NewNamespace();
        await Deployer(cluster.AdminContext).DeployAsync(Request(ns));
        var stale = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("app", ns);
        await TouchAsync(ns);
        stale.Metadata.Labels["touched"] = "again";

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(stale, "app", ns));
        var mapped = KubernetesErrors.Map(e, new("update", "deployments.apps", ns, "app"));

        Assert.Contains("changed while Slipway was updating it (409 Conflict", mapped.Message);
        Assert.Contains("Fix:", mapped.Message);
    }

    /// <summary>Someone else's read-modify-write, retried as clients do when the controller wrote in between.</summary>
    private async Task TouchAsync(string ns)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fresh = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("app", ns);
            fresh.Metadata.Labels["touched"] = "yes";
            try
            {
                await cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(fresh, "app", ns);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10) { }
        }
    }

    [Fact]
    public void A_missing_context_lists_the_contexts_the_kubeconfig_has()
    {
        var error = Assert.Throws<SlipwayException>(() => KubernetesConnection.Open(cluster.KubeconfigPath, "the test fixture", "no-such-context"));

        Assert.Contains("has no context 'no-such-context'", error.Message);
        Assert.Contains(cluster.AdminContext, error.Message);
    }
}
