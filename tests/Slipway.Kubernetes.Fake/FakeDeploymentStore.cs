using System.Text.Json.Nodes;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Writes to Deployments with the real API server's semantics: generation bumps on spec or annotation changes, a write
/// that changes nothing (an unchanged PUT, patch or apply) is a true no-op, server-side apply with field ownership
/// (<see cref="FakeServerSideApply"/>) creates a missing object, other writes record their manager's fields
/// (<see cref="FakeManagedFields"/>), optimistic concurrency on PUT, and the returned object carries the status the
/// controller last wrote (the OLD one right after a write).
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

    public V1Deployment Create(string ns, V1Deployment deployment, string manager)
    {
        cluster.RequireNamespace(ns);
        var name = deployment.Metadata?.Name ?? "";
        if (cluster.Deployments.ContainsKey((ns, name))) throw FakeApiError.AlreadyExists(Resource, name);
        deployment.Metadata.ManagedFields = null;
        return Insert(ns, deployment, manager);
    }

    /// <summary>Server-side apply (<see cref="FakeServerSideApply"/>); <paramref name="created"/> tells the caller to answer 201.</summary>
    public V1Deployment Apply(string ns, string name, string? fieldManager, bool force, V1Deployment applied, out bool created)
    {
        if (string.IsNullOrEmpty(fieldManager))
            throw FakeApiError.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        if (applied.ApiVersion != "apps/v1" || applied.Kind != "Deployment")
            throw FakeApiError.BadRequest("invalid object type: apiVersion and kind must be apps/v1 Deployment");
        if (applied.Metadata?.Name != name) throw FakeApiError.BadRequest("the name of the object does not match the name on the URL");
        cluster.RequireNamespace(ns);
        created = !cluster.Deployments.TryGetValue((ns, name), out var existing);
        var live = existing is null ? null : FakeJson.ToNode(existing).AsObject();
        var merged = FakeServerSideApply.Apply(live, FakeJson.ToNode(applied).AsObject(), fieldManager, force, "apps/v1", cluster.Clock.Now);
        var next = FakeJson.FromNode<V1Deployment>(merged);
        return existing is null ? Insert(ns, next, updater: null) : Update(existing, next, updater: null);
    }

    /// <summary>PUT: replaces the object; stale resourceVersion -> 409 Conflict.</summary>
    public V1Deployment Replace(string ns, string name, V1Deployment body, string manager)
    {
        if (!cluster.Deployments.TryGetValue((ns, name), out var existing)) throw FakeApiError.NotFound(Resource, name);
        if (body.Metadata?.ResourceVersion is { } rv && rv != existing.Metadata.ResourceVersion) throw FakeApiError.Conflict(Resource, name);
        var next = FakeJson.Clone(existing);
        next.Spec = body.Spec;
        next.Metadata.Labels = body.Metadata?.Labels;
        next.Metadata.Annotations = body.Metadata?.Annotations;
        return Update(existing, next, manager);
    }

    public V1Deployment JsonPatch(string ns, string name, JsonArray operations, string manager) =>
        PatchAs(ns, name, manager, node => FakeJsonPatch.ApplyJsonPatch(node, operations));

    public V1Deployment MergePatch(string ns, string name, JsonNode patch, string manager) =>
        PatchAs(ns, name, manager, node => FakeJsonPatch.ApplyMergePatch(node, patch)!);

    public V1Deployment StrategicMergePatch(string ns, string name, JsonNode patch, string manager) =>
        PatchAs(ns, name, manager, node => FakeStrategicMergePatch.Apply(node, patch));

    private V1Deployment PatchAs(string ns, string name, string manager, Func<JsonNode, JsonNode> patch)
    {
        if (!cluster.Deployments.TryGetValue((ns, name), out var existing)) throw FakeApiError.NotFound(Resource, name);
        var patched = FakeJson.FromNode<V1Deployment>(patch(FakeJson.ToNode(existing)));
        if (patched.Metadata.ResourceVersion != existing.Metadata.ResourceVersion) throw FakeApiError.Conflict(Resource, name);
        patched.Metadata.ManagedFields = existing.Metadata.ManagedFields;
        return Update(existing, patched, manager);
    }

    /// <summary>Stores a new Deployment; <paramref name="updater"/> is the manager of a create (null: an apply recorded its own fields).</summary>
    private V1Deployment Insert(string ns, V1Deployment deployment, string? updater)
    {
        var stored = FakeJson.Clone(deployment);
        stored.ApiVersion = "apps/v1";
        stored.Kind = "Deployment";
        stored.Status = null;
        FakeDeploymentRules.Default(stored);
        FakeDeploymentRules.Validate(stored);
        cluster.StampNew(stored.Metadata, ns);
        stored.Metadata.Generation = 1;
        if (updater is not null) stored = WithUpdate(null, stored, updater);
        cluster.Deployments[(ns, stored.Metadata.Name)] = stored;
        return FakeJson.Clone(stored);
    }

    /// <summary>
    /// Stores <paramref name="next"/> over <paramref name="existing"/> unless nothing changed (then the old object, same
    /// resourceVersion). Generation follows the deployment strategy's rule: bumped on any spec or annotation change.
    /// </summary>
    private V1Deployment Update(V1Deployment existing, V1Deployment next, string? updater)
    {
        FakeDeploymentRules.Default(next);
        FakeDeploymentRules.Validate(next);
        FakeSelectorImmutability.Check(existing, next);
        next.Status = existing.Status;
        next.Metadata.Generation = existing.Metadata.Generation;
        next.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        if (updater is not null) next = WithUpdate(existing, next, updater);
        if (FakeJson.Canonical(next.Spec) != FakeJson.Canonical(existing.Spec) ||
            FakeJson.Canonical(next.Metadata.Annotations) != FakeJson.Canonical(existing.Metadata.Annotations))
            next.Metadata.Generation++;
        if (JsonNode.DeepEquals(FakeManagedFields.WithoutTimes(FakeJson.ToNode(next)), FakeManagedFields.WithoutTimes(FakeJson.ToNode(existing))))
            return FakeJson.Clone(existing);
        next.Metadata.ResourceVersion = cluster.NextResourceVersion();
        cluster.Deployments[(existing.Metadata.NamespaceProperty, existing.Metadata.Name)] = next;
        return FakeJson.Clone(next);
    }

    private V1Deployment WithUpdate(V1Deployment? before, V1Deployment after, string manager)
    {
        var node = FakeJson.ToNode(after).AsObject();
        FakeManagedFields.RecordUpdate(before is null ? null : FakeJson.ToNode(before).AsObject(), node, manager, "apps/v1", cluster.Clock.Now);
        return FakeJson.FromNode<V1Deployment>(node);
    }
}
