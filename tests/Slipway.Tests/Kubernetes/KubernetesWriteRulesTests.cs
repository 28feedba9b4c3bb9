using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Slipway.Tests.Kubernetes.ServerSideApplyTests;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// The write rules of a real API server the deploy depends on, through KubernetesClient against
/// <see cref="KubernetesTestCluster"/>: Deployment generation, no-op writes, dryRun=All, strategic merge patch with
/// merge keys and directives, JSON patch move/copy.
/// </summary>
public sealed class KubernetesWriteRulesTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>
{
    private const string Name = "app";

    private async Task<(string Ns, V1Deployment Created)> DeploymentAsync(string? dryRun = null)
    {
        var ns = cluster.NewNamespace();
        await cluster.CreateNamespaceAsync(ns);
        var created = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["nce-app"] = Name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(Container(new JsonObject
                    {
                        ["image"] = cluster.GoodImage(1),
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "A", ["value"] = "a" }, new JsonObject { ["name"] = "B", ["value"] = "b" }),
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["name"] = "http" }),
                        ["args"] = new JsonArray("one", "two"),
                    })),
                },
            },
        }), "alice", dryRun: dryRun);
        return (ns, created);
    }

    private Task<V1Deployment> ReadAsync(string ns) => cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(Name, ns);

    private Task<V1Deployment> PatchAsync(string ns, object body, string type, string? dryRun = null) =>
        cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(body, Enum.Parse<V1Patch.PatchType>(type)), Name, ns,
            fieldManager: "tester", dryRun: dryRun);

    [Fact]
    public async Task Generation_is_bumped_by_an_annotation_change_but_not_by_a_label_change_or_an_unchanged_PUT()
    {
        var (ns, created) = await DeploymentAsync();
        Assert.Equal(1, created.Metadata.Generation);

        var annotated = await PatchAsync(ns, new { metadata = new { annotations = new Dictionary<string, string> { ["note"] = "x" } } }, "MergePatch");
        Assert.Equal(2, annotated.Metadata.Generation);

        var labelled = await PatchAsync(ns, new { metadata = new { labels = new Dictionary<string, string> { ["team"] = "y" } } }, "MergePatch");
        Assert.Equal(2, labelled.Metadata.Generation);
        Assert.NotEqual(annotated.Metadata.ResourceVersion, labelled.Metadata.ResourceVersion);

        // Once rolled out the controller writes no more, so the PUT below meets the object it read.
        await Poll.UntilAsync(async () => Slipway.Deploy.Kubernetes.RolloutStatus.Of(await ReadAsync(ns)).Done, "the Deployment rolled out", 60);
        var current = await ReadAsync(ns);
        var replaced = await cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(current, Name, ns);
        Assert.Equal((current.Metadata.Generation, current.Metadata.ResourceVersion), (replaced.Metadata.Generation, replaced.Metadata.ResourceVersion));

        var scaled = await PatchAsync(ns, new { spec = new { replicas = 2 } }, "MergePatch");
        Assert.Equal(3, scaled.Metadata.Generation);
    }

    [Fact]
    public async Task DryRun_All_answers_what_would_be_stored_and_stores_nothing()
    {
        var ns = cluster.NewNamespace();
        var dryNamespace = await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, dryRun: "All");
        Assert.Equal(ns, dryNamespace.Metadata.Name);
        await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespaceAsync(ns));
        await cluster.CreateNamespaceAsync(ns);

        var dryCreate = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1)), "alice", dryRun: "All");
        Assert.Equal(cluster.GoodImage(1), dryCreate.Spec.Template.Spec.Containers[0].Image);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => ReadAsync(ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);

        var stored = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1)), "alice");
        var dryUpdate = await PatchAsync(ns, new { spec = new { replicas = 5 } }, "MergePatch", dryRun: "All");
        Assert.Equal(5, dryUpdate.Spec.Replicas);
        var dryApply = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(2)), "alice", dryRun: "All");
        Assert.Equal(cluster.GoodImage(2), dryApply.Spec.Template.Spec.Containers[0].Image);
        await cluster.Client.AppsV1.DeleteNamespacedDeploymentAsync(Name, ns, dryRun: "All");

        var after = await ReadAsync(ns);
        Assert.Equal(stored.Metadata.Generation, after.Metadata.Generation);
        Assert.Equal((1, cluster.GoodImage(1)), (after.Spec.Replicas, after.Spec.Template.Spec.Containers[0].Image));
    }

    [Fact]
    public async Task A_strategic_merge_patch_merges_lists_by_their_keys_and_honours_delete_and_replace()
    {
        var (ns, _) = await DeploymentAsync();
        var patch = JsonNode.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"app",
              "env":[{"name":"B","value":"b2"},{"name":"C","value":"c"},{"name":"A","$patch":"delete"}],
              "ports":[{"containerPort":8080,"hostPort":8080}],
              "args":["three"]}]}}}}
            """)!;

        var d = await PatchAsync(ns, patch, "StrategicMergePatch");

        var container = d.Spec.Template.Spec.Containers.Single();
        Assert.Equal(["B=b2", "C=c"], container.Env.Select(e => $"{e.Name}={e.Value}"));
        var port = container.Ports.Single();
        Assert.Equal(("http", 8080), (port.Name, port.HostPort));
        Assert.Equal(["three"], container.Args);

        var replaced = await PatchAsync(ns, JsonNode.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"$patch":"replace"},{"name":"ONLY","value":"1"}]}]}}}}
            """)!, "StrategicMergePatch");
        Assert.Equal(["ONLY"], replaced.Spec.Template.Spec.Containers.Single().Env.Select(e => e.Name));
    }

    [Fact]
    public async Task A_JSON_patch_moves_and_copies_values()
    {
        var (ns, _) = await DeploymentAsync();
        object[] operations =
        [
            new { op = "copy", from = "/spec/template/spec/containers/0/env/0", path = "/spec/template/spec/containers/0/env/-" },
            new { op = "move", from = "/spec/template/spec/containers/0/env/1", path = "/spec/template/spec/containers/0/env/0" },
        ];

        var d = await PatchAsync(ns, operations, "JsonPatch");

        Assert.Equal(["B", "A", "A"], d.Spec.Template.Spec.Containers[0].Env.Select(e => e.Name));
    }
}
