using System.Text.Json.Nodes;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>Namespaces: get, list, create (409 AlreadyExists), merge/apply patch, delete (with everything in them). Callers hold the gate.</summary>
public sealed class FakeNamespaceStore(FakeCluster cluster)
{
    public V1Namespace Get(string name) =>
        cluster.Namespaces.TryGetValue(name, out var ns) ? FakeJson.Clone(ns) : throw FakeApiError.NotFound("namespaces", name);

    public V1NamespaceList List() => new()
    {
        ApiVersion = "v1", Kind = "NamespaceList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Namespaces.Values.Select(FakeJson.Clone).ToList(),
    };

    public V1Namespace Create(V1Namespace ns)
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
        cluster.Namespaces[name] = stored;
        return FakeJson.Clone(stored);
    }

    /// <summary>Merge patch (apply patches are merged the same way: namespaces carry only labels and annotations here).</summary>
    public V1Namespace Patch(string name, JsonNode patch, bool apply, out bool created)
    {
        created = false;
        if (!cluster.Namespaces.TryGetValue(name, out var existing))
        {
            if (!apply) throw FakeApiError.NotFound("namespaces", name);
            created = true;
            return Create(FakeJson.FromNode<V1Namespace>(patch));
        }
        var next = FakeJson.FromNode<V1Namespace>(FakeJsonPatch.ApplyMergePatch(FakeJson.ToNode(existing), patch)!);
        foreach (var (key, value) in next.Metadata.Labels ?? new Dictionary<string, string>())
            if (!FakeLabels.IsValidValue(value) || !FakeLabels.IsValidKey(key))
                throw FakeApiError.Invalid("Namespace", name, [("metadata.labels", $"Invalid value: \"{value}\": {FakeLabels.ValueRule}")]);
        if (FakeJson.Canonical(next) == FakeJson.Canonical(existing)) return FakeJson.Clone(existing);
        next.Metadata.ResourceVersion = cluster.NextResourceVersion();
        cluster.Namespaces[name] = next;
        return FakeJson.Clone(next);
    }
}
