using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Slipway.Tests.Kubernetes;

/// <summary>
/// Server-side apply as a real API server does it, through KubernetesClient against <see cref="KubernetesTestCluster"/>:
/// managedFields, field ownership, 409 conflicts naming fields and managers, force, field-level merge by list-map keys.
/// </summary>
public sealed class ServerSideApplyTests(KubernetesTestCluster cluster) : IClassFixture<KubernetesTestCluster>
{
    private const string Name = "app";

    /// <summary>An apply configuration of Deployment "app": the required fields plus <paramref name="spec"/> merged into its spec.</summary>
    internal static JsonObject Config(string image, JsonObject? spec = null, JsonObject? labels = null)
    {
        var config = new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = Name },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["nce-app"] = Name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["nce-app"] = Name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = Name, ["image"] = image }) },
                },
            },
        };
        if (labels is not null) config["metadata"]!["labels"] = labels.DeepClone();
        foreach (var (key, value) in spec ?? []) config["spec"]![key] = value?.DeepClone();
        return config;
    }

    internal static JsonObject Container(JsonObject extra)
    {
        var container = new JsonObject { ["name"] = Name };
        foreach (var (key, value) in extra) container[key] = value?.DeepClone();
        return container;
    }

    internal static Task<V1Deployment> ApplyAsync(IKubernetes client, string ns, JsonObject config, string manager, bool force = false, string? dryRun = null) =>
        client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(config, V1Patch.PatchType.ApplyPatch), Name, ns,
            fieldManager: manager, force: force, dryRun: dryRun);

    private async Task<string> NewNamespaceAsync()
    {
        var ns = cluster.NewNamespace();
        await cluster.CreateNamespaceAsync(ns);
        return ns;
    }

    private static JsonObject FieldsOf(V1Deployment d, string manager, string operation) =>
        JsonNode.Parse(KubernetesJson.Serialize(d.Metadata.ManagedFields.Single(m => m.Manager == manager && m.Operation == operation).FieldsV1))!.AsObject();

    private static JsonNode? Env(V1Deployment d, string name) =>
        d.Spec.Template.Spec.Containers.Single(c => c.Name == Name).Env?.SingleOrDefault(e => e.Name == name)?.Value;

    [Fact]
    public async Task A_list_map_item_whose_key_the_applier_changes_is_replaced_whole()
    {
        var ns = await NewNamespaceAsync();
        JsonObject WithPort(int port) => Config(cluster.GoodImage(1), new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["nce-app"] = Name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(Container(new JsonObject
                    {
                        ["image"] = cluster.GoodImage(1),
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = port, ["protocol"] = "TCP" }),
                    })),
                },
            },
        });
        await ApplyAsync(cluster.Client, ns, WithPort(18080), "slipway", force: true);
        var moved = await ApplyAsync(cluster.Client, ns, WithPort(18081), "slipway", force: true);
        var port = Assert.Single(moved.Spec.Template.Spec.Containers.Single().Ports);
        Assert.Equal((18081, "http"), (port.ContainerPort, port.Name));
    }

    [Fact]
    public async Task An_apply_records_what_it_applied_in_managedFields()
    {
        var ns = await NewNamespaceAsync();

        var d = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), new JsonObject { ["replicas"] = 2 }), "alice");

        var entry = d.Metadata.ManagedFields.Single(m => m.Manager == "alice");
        Assert.Equal(("Apply", "apps/v1", "FieldsV1"), (entry.Operation, entry.ApiVersion, entry.FieldsType));
        Assert.NotNull(entry.Time);
        var fields = FieldsOf(d, "alice", "Apply");
        Assert.True(JsonNode.DeepEquals(new JsonObject(), fields["f:spec"]!["f:replicas"]));
        Assert.True(JsonNode.DeepEquals(new JsonObject(), fields["f:spec"]!["f:selector"]), "a LabelSelector is owned as one value");
        var container = fields["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"app\"}"]!.AsObject();
        Assert.True(container.ContainsKey("."));
        Assert.True(container.ContainsKey("f:image"));
        Assert.Null(fields["f:spec"]!["f:progressDeadlineSeconds"]); // defaulted by the server: nobody's
    }

    [Fact]
    public async Task A_second_manager_setting_an_owned_field_to_another_value_gets_409_naming_the_field_and_owner()
    {
        var ns = await NewNamespaceAsync();
        var before = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), new JsonObject { ["replicas"] = 1 }), "alice");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), new JsonObject { ["replicas"] = 2 }), "bob"));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", (string?)status["message"]);
        var cause = status["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal((".spec.replicas", "conflict with \"alice\"", "FieldManagerConflict"),
            ((string?)cause["field"], (string?)cause["message"], (string?)cause["reason"]));
        var after = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(Name, ns);
        Assert.Equal((1, before.Metadata.Generation), (after.Spec.Replicas, after.Metadata.Generation));
    }

    [Fact]
    public async Task Force_takes_the_field_over_and_the_same_value_is_shared_without_conflict()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), new JsonObject { ["replicas"] = 1 }), "alice");

        var shared = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), new JsonObject { ["replicas"] = 1 }), "bob");
        Assert.NotNull(FieldsOf(shared, "alice", "Apply")["f:spec"]!["f:replicas"]);
        Assert.NotNull(FieldsOf(shared, "bob", "Apply")["f:spec"]!["f:replicas"]);

        var forced = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(2), new JsonObject { ["replicas"] = 3 }), "bob", force: true);

        Assert.Equal(3, forced.Spec.Replicas);
        Assert.Equal(cluster.GoodImage(2), forced.Spec.Template.Spec.Containers[0].Image);
        Assert.Null(FieldsOf(forced, "alice", "Apply")["f:spec"]!["f:replicas"]);
        Assert.NotNull(FieldsOf(forced, "bob", "Apply")["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public async Task Fields_the_applier_stops_applying_are_removed_and_fields_of_other_managers_are_kept()
    {
        var ns = await NewNamespaceAsync();
        var env = (string name) => new JsonObject { ["name"] = name, ["value"] = name.ToLowerInvariant() };
        await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1), labels: new JsonObject { ["team"] = "a" }, spec: new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["nce-app"] = Name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(Container(new JsonObject { ["image"] = cluster.GoodImage(1), ["env"] = new JsonArray(env("A")) })) },
            },
        }), "alice");
        // bob adds an env var and a port to alice's container, matched by its name.
        await ApplyAsync(cluster.Client, ns, new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = Name },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(Container(new JsonObject
            {
                ["env"] = new JsonArray(env("B")), ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 9090 }),
            })) } } },
        }, "bob");

        var d = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(2)), "alice");

        Assert.Null(Env(d, "A"));
        Assert.Equal("b", (string?)Env(d, "B"));
        Assert.Equal(9090, d.Spec.Template.Spec.Containers.Single().Ports.Single().ContainerPort);
        Assert.Equal(cluster.GoodImage(2), d.Spec.Template.Spec.Containers.Single().Image);
        Assert.False(d.Metadata.Labels?.ContainsKey("team") ?? false);
        var bob = FieldsOf(d, "bob", "Apply")["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"app\"}"]!;
        Assert.NotNull(bob["f:ports"]!["k:{\"containerPort\":9090,\"protocol\":\"TCP\"}"]);
    }

    [Fact]
    public async Task An_update_owns_what_it_changed_keeps_it_through_an_apply_and_conflicts_with_another_value()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(1)), "alice");
        // What `kubectl set env deploy/app EXTRA=kept` sends.
        var setEnv = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = Name, ["env"] = new JsonArray(new JsonObject { ["name"] = "EXTRA", ["value"] = "kept" }) }),
        } } } };
        var set = await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(setEnv, V1Patch.PatchType.StrategicMergePatch), Name, ns, fieldManager: "kubectl-set");
        var entry = set.Metadata.ManagedFields.Single(m => m.Manager == "kubectl-set");
        Assert.Equal(("Update", "apps/v1"), (entry.Operation, entry.ApiVersion));

        var reapplied = await ApplyAsync(cluster.Client, ns, Config(cluster.GoodImage(2)), "alice");
        Assert.Equal("kept", (string?)Env(reapplied, "EXTRA"));

        var withEnv = Config(cluster.GoodImage(2));
        withEnv["spec"]!["template"]!["spec"]!["containers"]![0]!["env"] = new JsonArray(new JsonObject { ["name"] = "EXTRA", ["value"] = "mine" });
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(cluster.Client, ns, withEnv, "alice"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-set\" using apps/v1: .spec.template.spec.containers[name=\"app\"].env[name=\"EXTRA\"].value",
            (string?)JsonNode.Parse(error.Response.Content)!["message"]);
    }
}
