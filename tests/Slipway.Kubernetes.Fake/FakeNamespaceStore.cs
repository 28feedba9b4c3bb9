using System.Text.Json.Nodes;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Namespaces: get, list, create (409 AlreadyExists), merge, strategic merge and server-side apply patches with
/// managedFields, delete (with everything in them). Callers hold the gate.
/// </summary>
public sealed class FakeNamespaceStore(FakeCluster cluster)
{
    public V1Namespace Get(string name) =>
        cluster.Namespaces.TryGetValue(name, out var ns) ? FakeJson.Clone(ns) : throw FakeApiError.NotFound("namespaces", name);

    public V1NamespaceList List() => new()
    {
        ApiVersion = "v1", Kind = "NamespaceList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Namespaces.Values.Select(FakeJson.Clone).ToList(),
    };

    public V1Namespace Create(V1Namespace ns, string manager) => Insert(ns, manager);

    private V1Namespace Insert(V1Namespace ns, string? updater)
    {
        var name = ns.Metadata?.Name ?? "";
        if (!Slipway.Catalog.NameSyntax.IsDns1123Label(name))
            throw FakeApiError.Invalid("Namespace", name, [("metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'")]);
        if (cluster.Namespaces.ContainsKey(name)) throw FakeApiError.AlreadyExists("namespaces", name);
        var stored = FakeJson.Clone(ns);
        stored.ApiVersion = "v1";
        stored.Kind = "Namespace";
        cluster.StampNew(stored.Metadata, null);
        stored.Metadata.Labels ??= new Dictionary<string, string>();
        stored.Metadata.Labels["kubernetes.io/metadata.name"] = name;
        stored.Status = new V1NamespaceStatus { Phase = "Active" };
        if (updater is not null)
        {
            stored.Metadata.ManagedFields = null;
            stored = WithUpdate(null, stored, updater);
        }
        cluster.Namespaces[name] = stored;
        return FakeJson.Clone(stored);
    }

    /// <summary>A merge or strategic merge patch (recorded as an Update by <paramref name="manager"/>), or a server-side apply.</summary>
    public V1Namespace Patch(string name, JsonNode patch, string mediaType, string manager, bool force, out bool created)
    {
        var apply = mediaType == "application/apply-patch+yaml";
        created = !cluster.Namespaces.TryGetValue(name, out var existing);
        if (created && !apply) throw FakeApiError.NotFound("namespaces", name);
        var live = existing is null ? null : FakeJson.ToNode(existing).AsObject();
        V1Namespace next;
        if (apply)
        {
            var merged = FakeServerSideApply.Apply(live, patch.AsObject(), manager, force, "v1", cluster.Clock.Now);
            if (existing is null) return Insert(FakeJson.FromNode<V1Namespace>(merged), updater: null);
            next = FakeJson.FromNode<V1Namespace>(merged);
        }
        else
        {
            var patched = mediaType == "application/strategic-merge-patch+json"
                ? FakeStrategicMergePatch.Apply(live!, patch)
                : FakeJsonPatch.ApplyMergePatch(live, patch)!;
            next = FakeJson.FromNode<V1Namespace>(patched);
            next.Metadata.ManagedFields = existing!.Metadata.ManagedFields;
            next = WithUpdate(existing, next, manager);
        }
        foreach (var (key, value) in next.Metadata.Labels ?? new Dictionary<string, string>())
            if (!FakeLabels.IsValidValue(value) || !FakeLabels.IsValidKey(key))
                throw FakeApiError.Invalid("Namespace", name, [("metadata.labels", $"Invalid value: \"{value}\": {FakeLabels.ValueRule}")]);
        if (JsonNode.DeepEquals(FakeManagedFields.WithoutTimes(FakeJson.ToNode(next)), FakeManagedFields.WithoutTimes(FakeJson.ToNode(existing!))))
            return FakeJson.Clone(existing!);
        next.Metadata.ResourceVersion = cluster.NextResourceVersion();
        cluster.Namespaces[name] = next;
        return FakeJson.Clone(next);
    }

    private V1Namespace WithUpdate(V1Namespace? before, V1Namespace after, string manager)
    {
        var node = FakeJson.ToNode(after).AsObject();
        FakeManagedFields.RecordUpdate(before is null ? null : FakeJson.ToNode(before).AsObject(), node, manager, "v1", cluster.Clock.Now);
        return FakeJson.FromNode<V1Namespace>(node);
    }
}
