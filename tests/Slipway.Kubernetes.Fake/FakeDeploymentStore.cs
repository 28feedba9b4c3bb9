using System.Text.Json.Nodes;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Writes to Deployments with the real API server's semantics: generation bumps on spec changes (and on every PUT),
/// server-side apply of an unchanged manifest is a true no-op, apply creates a missing object, optimistic concurrency
/// on PUT, and the returned object carries the status the controller last wrote (the OLD one right after a write).
/// Callers hold <see cref="FakeCluster.Gate"/>.
/// </summary>
public sealed class FakeDeploymentStore(FakeCluster cluster)
{
    private const string Resource = "deployments.apps";

    public V1Deployment Get(string ns, string name) =>
        cluster.Deployments.TryGetValue((ns, name), out var d) ? FakeJson.Clone(d) : throw FakeApiError.NotFound(Resource, name);

    public V1DeploymentList List(string ns, string? selector) => new()
    {
        ApiVersion = "apps/v1", Kind = "DeploymentList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Deployments.Where(kv => kv.Key.Ns == ns && FakeLabels.Matches(kv.Value.Metadata.Labels, selector))
            .Select(kv => FakeJson.Clone(kv.Value)).ToList(),
    };

    public V1Deployment Create(string ns, V1Deployment deployment)
    {
        cluster.RequireNamespace(ns);
        var name = deployment.Metadata?.Name ?? "";
        if (cluster.Deployments.ContainsKey((ns, name))) throw FakeApiError.AlreadyExists(Resource, name);
        return Insert(ns, deployment);
    }

    /// <summary>Server-side apply; <paramref name="created"/> tells the caller to answer 201.</summary>
    public V1Deployment Apply(string ns, string name, string? fieldManager, V1Deployment applied, out bool created)
    {
        if (string.IsNullOrEmpty(fieldManager))
            throw FakeApiError.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        if (applied.ApiVersion != "apps/v1" || applied.Kind != "Deployment")
            throw FakeApiError.BadRequest("invalid object type: apiVersion and kind must be apps/v1 Deployment");
        if (applied.Metadata?.Name != name) throw FakeApiError.BadRequest("the name of the object does not match the name on the URL");
        cluster.RequireNamespace(ns);
        created = !cluster.Deployments.TryGetValue((ns, name), out var existing);
        if (created)
        {
            var inserted = Insert(ns, applied);
            cluster.AppliedKeys[inserted.Metadata.Uid] = (Keys(applied.Metadata.Labels), Keys(applied.Metadata.Annotations));
            return inserted;
        }
        var owned = cluster.AppliedKeys.GetValueOrDefault(existing!.Metadata.Uid, ([], []));
        var next = FakeJson.Clone(existing);
        next.Spec = applied.Spec;
        next.Metadata.Labels = MergeOwned(existing.Metadata.Labels, owned.Labels, applied.Metadata.Labels);
        next.Metadata.Annotations = MergeOwned(existing.Metadata.Annotations, owned.Annotations, applied.Metadata.Annotations);
        cluster.AppliedKeys[existing.Metadata.Uid] = (Keys(applied.Metadata.Labels), Keys(applied.Metadata.Annotations));
        return Update(existing, next, alwaysBumpGeneration: false);
    }

    /// <summary>PUT: replaces the object; stale resourceVersion -> 409 Conflict; generation always bumps (field-guide fact).</summary>
    public V1Deployment Replace(string ns, string name, V1Deployment body)
    {
        if (!cluster.Deployments.TryGetValue((ns, name), out var existing)) throw FakeApiError.NotFound(Resource, name);
        if (body.Metadata?.ResourceVersion is { } rv && rv != existing.Metadata.ResourceVersion) throw FakeApiError.Conflict(Resource, name);
        var next = FakeJson.Clone(existing);
        next.Spec = body.Spec;
        next.Metadata.Labels = body.Metadata?.Labels;
        next.Metadata.Annotations = body.Metadata?.Annotations;
        return Update(existing, next, alwaysBumpGeneration: true);
    }

    public V1Deployment JsonPatch(string ns, string name, JsonArray operations) =>
        PatchAs(ns, name, node => FakeJsonPatch.ApplyJsonPatch(node, operations));

    public V1Deployment MergePatch(string ns, string name, JsonNode patch) =>
        PatchAs(ns, name, node => FakeJsonPatch.ApplyMergePatch(node, patch)!);

    private V1Deployment PatchAs(string ns, string name, Func<JsonNode, JsonNode> patch)
    {
        if (!cluster.Deployments.TryGetValue((ns, name), out var existing)) throw FakeApiError.NotFound(Resource, name);
        var patched = FakeJson.FromNode<V1Deployment>(patch(FakeJson.ToNode(existing)));
        if (patched.Metadata.ResourceVersion != existing.Metadata.ResourceVersion) throw FakeApiError.Conflict(Resource, name);
        return Update(existing, patched, alwaysBumpGeneration: false);
    }

    private V1Deployment Insert(string ns, V1Deployment deployment)
    {
        var stored = FakeJson.Clone(deployment);
        stored.ApiVersion = "apps/v1";
        stored.Kind = "Deployment";
        stored.Status = null;
        FakeDeploymentRules.Default(stored);
        FakeDeploymentRules.Validate(stored);
        cluster.StampNew(stored.Metadata, ns);
        stored.Metadata.Generation = 1;
        cluster.Deployments[(ns, stored.Metadata.Name)] = stored;
        return FakeJson.Clone(stored);
    }

    private V1Deployment Update(V1Deployment existing, V1Deployment next, bool alwaysBumpGeneration)
    {
        FakeDeploymentRules.Default(next);
        FakeDeploymentRules.Validate(next);
        FakeSelectorImmutability.Check(existing, next);
        next.Status = existing.Status;
        next.Metadata.Generation = existing.Metadata.Generation;
        next.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        var specChanged = FakeJson.Canonical(next.Spec) != FakeJson.Canonical(existing.Spec);
        if (specChanged || alwaysBumpGeneration) next.Metadata.Generation++;
        if (FakeJson.Canonical(next) == FakeJson.Canonical(existing)) return FakeJson.Clone(existing);
        next.Metadata.ResourceVersion = cluster.NextResourceVersion();
        cluster.Deployments[(existing.Metadata.NamespaceProperty, existing.Metadata.Name)] = next;
        return FakeJson.Clone(next);
    }

    private static HashSet<string> Keys(IDictionary<string, string>? map) => map?.Keys.ToHashSet() ?? [];

    private static Dictionary<string, string>? MergeOwned(IDictionary<string, string>? current, HashSet<string> owned, IDictionary<string, string>? applied)
    {
        var result = (current ?? new Dictionary<string, string>()).Where(kv => !owned.Contains(kv.Key)).ToDictionary();
        foreach (var (key, value) in applied ?? new Dictionary<string, string>()) result[key] = value;
        return result.Count == 0 ? null : result;
    }
}
