using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Deletion with owner references, as the API server and the garbage collector do it for Deployments, ReplicaSets and
/// Pods. DELETE with propagationPolicy (body or query; apps/v1 and pods default to Background):
/// <list type="bullet">
/// <item>Background: the object goes at once; on later ticks, objects whose owners are all gone are deleted too.</item>
/// <item>Foreground: the object stays, with deletionTimestamp and the <c>foregroundDeletion</c> finalizer, until its
/// dependents are gone (dependents that have dependents of their own are deleted in the foreground too).</item>
/// <item>Orphan: the object stays with the <c>orphan</c> finalizer until its dependents' ownerReferences to it are removed.</item>
/// </list>
/// Pods go at once (no graceful termination). Callers hold <see cref="FakeCluster.Gate"/>.
/// </summary>
public sealed class FakeGarbageCollector(FakeCluster cluster)
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    private sealed record Entry(string Resource, IKubernetesObject<V1ObjectMeta> Object, Action Remove)
    {
        public V1ObjectMeta Metadata => Object.Metadata;
    }

    /// <summary>DELETE of <paramref name="resource"/> (deployments, replicasets or pods): a Success status, or the object while finalizers hold it.</summary>
    public object Delete(FakeRequest request, string resource, string ns, string name)
    {
        var entry = All().FirstOrDefault(e => e.Resource == resource && e.Metadata.NamespaceProperty == ns && e.Metadata.Name == name)
                    ?? throw FakeApiError.NotFound(QualifiedResource(resource), name);
        var policy = Policy(request);
        if (policy == "Background" && (entry.Metadata.Finalizers?.Count ?? 0) == 0)
        {
            entry.Remove();
            return Success(resource, entry.Metadata);
        }
        var finalizer = policy == "Orphan" ? OrphanFinalizer : policy == "Foreground" ? ForegroundFinalizer : null;
        MarkDeleting(entry.Metadata, finalizer);
        return entry.Object;
    }

    /// <summary>One pass: finishes finalizers that can finish, and deletes objects whose owners are all gone.</summary>
    public void Tick()
    {
        var all = All();
        var uids = all.Select(e => e.Metadata.Uid).ToHashSet();
        foreach (var owner in all.Where(e => e.Metadata.DeletionTimestamp is not null))
        {
            var dependents = all.Where(e => e.Metadata.OwnerReferences?.Any(o => o.Uid == owner.Metadata.Uid) == true).ToList();
            if (Has(owner, OrphanFinalizer))
            {
                foreach (var dependent in dependents) Disown(dependent.Metadata, owner.Metadata.Uid);
                RemoveFinalizer(owner, OrphanFinalizer);
            }
            if (Has(owner, ForegroundFinalizer))
            {
                foreach (var dependent in dependents.Where(d => d.Metadata.DeletionTimestamp is null))
                    if (all.Any(e => e.Metadata.OwnerReferences?.Any(o => o.Uid == dependent.Metadata.Uid) == true))
                        MarkDeleting(dependent.Metadata, ForegroundFinalizer);
                    else
                        dependent.Remove();
                if (!all.Any(e => e != owner && IsPresent(e) && e.Metadata.OwnerReferences?.Any(o => o.Uid == owner.Metadata.Uid && o.BlockOwnerDeletion == true) == true))
                    RemoveFinalizer(owner, ForegroundFinalizer);
            }
            if ((owner.Metadata.Finalizers?.Count ?? 0) == 0) owner.Remove();
        }
        foreach (var orphan in all.Where(e => e.Metadata.OwnerReferences is { Count: > 0 } refs && refs.All(o => !uids.Contains(o.Uid))))
            if (IsPresent(orphan) && orphan.Metadata.DeletionTimestamp is null) orphan.Remove();
    }

    private List<Entry> All() =>
    [
        .. cluster.Deployments.Select(kv => new Entry("deployments", kv.Value, () => cluster.Deployments.Remove(kv.Key))),
        .. cluster.ReplicaSets.Select(kv => new Entry("replicasets", kv.Value, () => cluster.ReplicaSets.Remove(kv.Key))),
        .. cluster.Pods.Select(kv => new Entry("pods", kv.Value.Pod, () => cluster.Pods.Remove(kv.Key))),
    ];

    /// <summary>Still stored (an earlier step of this pass may have removed it).</summary>
    private bool IsPresent(Entry e) => e.Resource switch
    {
        "deployments" => cluster.Deployments.ContainsValue((V1Deployment)e.Object),
        "replicasets" => cluster.ReplicaSets.ContainsValue((V1ReplicaSet)e.Object),
        _ => cluster.Pods.Values.Any(p => ReferenceEquals(p.Pod, e.Object)),
    };

    private static string Policy(FakeRequest request)
    {
        var body = string.IsNullOrWhiteSpace(request.Body) ? null : JsonNode.Parse(request.Body) as JsonObject;
        var policy = request["propagationPolicy"] ?? (string?)body?["propagationPolicy"];
        if (policy is null && ((bool?)body?["orphanDependents"] == true || request["orphanDependents"] == "true")) policy = "Orphan";
        return policy switch
        {
            null or "Background" => "Background",
            "Foreground" or "Orphan" => policy,
            _ => throw FakeApiError.Invalid("DeleteOptions", "", [("propagationPolicy", $"Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")]),
        };
    }

    private void MarkDeleting(V1ObjectMeta metadata, string? finalizer)
    {
        metadata.DeletionTimestamp ??= cluster.Clock.Now;
        metadata.DeletionGracePeriodSeconds ??= 0;
        if (finalizer is not null && metadata.Finalizers?.Contains(finalizer) != true) metadata.Finalizers = [.. metadata.Finalizers ?? [], finalizer];
        metadata.ResourceVersion = cluster.NextResourceVersion();
    }

    private void Disown(V1ObjectMeta dependent, string ownerUid)
    {
        var kept = dependent.OwnerReferences.Where(o => o.Uid != ownerUid).ToList();
        dependent.OwnerReferences = kept.Count == 0 ? null : kept;
        dependent.ResourceVersion = cluster.NextResourceVersion();
    }

    private static bool Has(Entry e, string finalizer) => e.Metadata.Finalizers?.Contains(finalizer) == true;

    private void RemoveFinalizer(Entry e, string finalizer)
    {
        var kept = e.Metadata.Finalizers.Where(f => f != finalizer).ToList();
        e.Metadata.Finalizers = kept.Count == 0 ? null : kept;
        e.Metadata.ResourceVersion = cluster.NextResourceVersion();
    }

    private static string QualifiedResource(string resource) => resource == "pods" ? resource : resource + ".apps";

    private static JsonObject Success(string resource, V1ObjectMeta metadata) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success",
        ["details"] = new JsonObject
        {
            ["name"] = metadata.Name, ["group"] = resource == "pods" ? "" : "apps", ["kind"] = resource, ["uid"] = metadata.Uid,
        },
    };
}
