using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The endpoints KubernetesClient calls for a Slipway deploy (and kubectl's basics for the same objects):
/// namespaces, deployments, replicasets and pods. Returns (status code, body object).
/// </summary>
public sealed class FakeRoutes(FakeCluster cluster)
{
    private readonly FakeNamespaceStore _namespaces = new(cluster);
    private readonly FakeDeploymentStore _deployments = new(cluster);
    private readonly FakeNodeStore _nodes = new(cluster);
    private readonly FakeScaleSubresource _scale = new(cluster);
    private readonly FakeGarbageCollector _collector = new(cluster);
    private readonly FakeSecretStore _secrets = new(cluster);
    private readonly FakeEventStore _events = new(cluster);

    /// <summary>RBAC identity of a route: resource, API group, namespace, name.</summary>
    public static (string Resource, string Group, string? Ns, string? Name)? Identify(string[] s) => s switch
    {
        ["api", "v1", "namespaces"] => ("namespaces", "", null, null),
        ["api", "v1", "nodes", ..] => ("nodes", "", null, s.Length > 3 ? s[3] : null),
        ["api", "v1", "namespaces", var n] => ("namespaces", "", null, n),
        ["api", "v1", "namespaces", var ns, "pods", var n, "proxy", ..] => ("pods/proxy", "", ns, n),
        ["api", "v1", "namespaces", var ns, var r] => (r, "", ns, null),
        ["api", "v1", "namespaces", var ns, var r, var n] => (r, "", ns, n),
        ["apis", "apps", "v1", "namespaces", var ns, var r] => (r, "apps", ns, null),
        ["apis", "apps", "v1", "namespaces", var ns, var r, var n] => (r, "apps", ns, n),
        ["apis", "apps", "v1", "namespaces", var ns, var r, var n, var sub] => ($"{r}/{sub}", "apps", ns, n),
        _ => null,
    };

    public (int Code, object Body) Handle(FakeRequest request)
    {
        return request.Method != "GET" && FakeDryRun.Requested(request) ? FakeDryRun.Run(cluster, () => Route(request)) : Route(request);
    }

    private (int Code, object Body) Route(FakeRequest request)
    {
        var s = request.Segments;
        return (request.Method, s) switch
        {
            ("GET", ["version"]) => (200, FakeVersion.Info()),
            ("GET", ["api"]) => (200, FakeDiscovery.CoreVersions()),
            ("GET", ["apis"]) => (200, FakeDiscovery.Groups()),
            ("GET", ["api", "v1"]) => (200, FakeDiscovery.CoreV1()),
            ("GET", ["apis", "apps", "v1"]) => (200, FakeDiscovery.AppsV1()),
            ("GET", ["openapi", "v3"]) => (200, FakeOpenApi.Index()),
            ("GET", ["openapi", "v3", .. var groupVersion]) => (200, FakeOpenApi.Document(string.Join('/', groupVersion))),
            ("GET", ["api", "v1", "nodes"]) => (200, Named(_nodes.List(request["labelSelector"]), request)),
            ("GET", ["api", "v1", "nodes", var n]) => (200, _nodes.Get(n)),
            (_, ["api", "v1", "nodes", ..]) => throw new FakeApiError(405, "MethodNotAllowed", $"the fake's nodes are read-only: {request.Method} is not allowed"),
            ("GET", ["api", "v1", "namespaces"]) => (200, Named(_namespaces.List(), request)),
            ("POST", ["api", "v1", "namespaces"]) => (201, _namespaces.Create(Strict<V1Namespace>(request, "Namespace", null), request.FieldManager)),
            ("GET", ["api", "v1", "namespaces", var n]) => (200, _namespaces.Get(n)),
            ("PATCH", ["api", "v1", "namespaces", var n]) => PatchNamespace(request, n),
            ("DELETE", ["api", "v1", "namespaces", var n]) => Delete(n),
            (_, ["api", "v1", "namespaces", var ns, "secrets", .. var n]) when n.Length <= 1 => _secrets.Handle(request, ns, n.FirstOrDefault()),
            ("GET", ["api", "v1", "namespaces", var ns, "pods"]) => (200, Named(ListPods(ns, request["labelSelector"]), request)),
            ("GET", ["api", "v1", "namespaces", var ns, "pods", var n]) => (200, GetPod(ns, n)),
            ("GET", ["api", "v1", "events"]) => (200, Named(_events.List(null), request)),
            ("GET", ["api", "v1", "namespaces", var ns, "events"]) => (200, Named(_events.List(ns), request)),
            ("GET", ["api", "v1", "namespaces", var ns, "events", var n]) => (200, _events.Get(ns, n)),
            ("GET", ["apis", "apps", "v1", "namespaces", var ns, "replicasets"]) => (200, Named(ListReplicaSets(ns, request["labelSelector"]), request)),
            ("GET", ["apis", "apps", "v1", "namespaces", var ns, "deployments"]) => (200, Named(_deployments.List(ns, request["labelSelector"]), request)),
            ("POST", ["apis", "apps", "v1", "namespaces", var ns, "deployments"]) => (201, _deployments.Create(ns, Strict<V1Deployment>(request, "Deployment", ns), request.FieldManager)),
            ("GET", ["apis", "apps", "v1", "namespaces", var ns, "deployments", var n]) => (200, _deployments.Get(ns, n)),
            ("PUT", ["apis", "apps", "v1", "namespaces", var ns, "deployments", var n]) => (200, _deployments.Replace(ns, n, Strict<V1Deployment>(request, "Deployment", ns), request.FieldManager)),
            ("PATCH", ["apis", "apps", "v1", "namespaces", var ns, "deployments", var n]) => PatchDeployment(request, ns, n),
            ("DELETE", ["apis", "apps", "v1", "namespaces", var ns, var r and ("deployments" or "replicasets"), var n]) => (200, _collector.Delete(request, r, ns, n)),
            ("DELETE", ["api", "v1", "namespaces", var ns, "pods", var n]) => (200, _collector.Delete(request, "pods", ns, n)),
            ("GET", ["apis", "apps", "v1", "namespaces", var ns, "replicasets", var n]) => (200, One(ListReplicaSets(ns, null).Items, "replicasets.apps", n)),
            (_, ["apis", "apps", "v1", "namespaces", var ns, "deployments", var n, "scale"]) => (200, _scale.Handle(request, ns, n)),
            _ => throw new FakeApiError(404, "NotFound", $"the server could not find the requested resource ({request.Method} /{string.Join('/', s)})"),
        };
    }

    private (int, object) PatchNamespace(FakeRequest request, string name)
    {
        var apply = request.MediaType == "application/apply-patch+yaml";
        if (apply && string.IsNullOrEmpty(request["fieldManager"]))
            throw FakeApiError.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        if (!apply && request.MediaType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
            throw new FakeApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        var patch = request.Body.TrimStart().StartsWith('{') ? request.JsonBody() : FakeYaml.ToJson(request.Body);
        if (apply) FakeStrictDecoding.Check(request, FakeJson.FromNode<V1Namespace>(patch), "Namespace", null, name, apply: true);
        var result = _namespaces.Patch(name, patch, request.MediaType!, request.FieldManager, request.Force, out var created);
        return (created ? 201 : 200, result);
    }

    private (int, object) PatchDeployment(FakeRequest request, string ns, string name)
    {
        switch (request.MediaType)
        {
            case "application/apply-patch+yaml":
                var applied = request.Body.TrimStart().StartsWith('{')
                    ? FakeJson.Parse<V1Deployment>(request.Body)
                    : KubernetesYaml.Deserialize<V1Deployment>(request.Body);
                FakeStrictDecoding.Check(request, applied, "Deployment", ns, name, apply: true);
                var result = _deployments.Apply(ns, name, request["fieldManager"], request.Force, applied, out var created);
                return (created ? 201 : 200, result);
            case "application/json-patch+json":
                return (200, _deployments.JsonPatch(ns, name, request.JsonBody().AsArray(), request.FieldManager));
            case "application/merge-patch+json":
                return (200, _deployments.MergePatch(ns, name, request.JsonBody(), request.FieldManager));
            case "application/strategic-merge-patch+json":
                return (200, _deployments.StrategicMergePatch(ns, name, request.JsonBody(), request.FieldManager));
            default:
                throw new FakeApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got '{request.MediaType}')");
        }
    }

    /// <summary>The source of a <c>?watch=1</c> on a list path; null when the path is not a watchable list.</summary>
    public FakeWatchSource? WatchSource(FakeRequest request)
    {
        var labels = request["labelSelector"];
        return request.Segments switch
        {
            ["api", "v1", "namespaces"] => new("v1", "Namespace", () => _namespaces.List().Items),
            ["api", "v1", "nodes"] => new("v1", "Node", () => _nodes.List(labels).Items),
            ["api", "v1", "namespaces", var ns, "pods"] => new("v1", "Pod", () => ListPods(ns, labels).Items),
            ["api", "v1", "namespaces", var ns, "secrets"] => new("v1", "Secret", () => _secrets.List(ns, labels).Items),
            ["api", "v1", "events"] => new("v1", "Event", () => _events.List(null).Items),
            ["api", "v1", "namespaces", var ns, "events"] => new("v1", "Event", () => _events.List(ns).Items),
            ["apis", "apps", "v1", "namespaces", var ns, "replicasets"] => new("apps/v1", "ReplicaSet", () => ListReplicaSets(ns, labels).Items),
            ["apis", "apps", "v1", "namespaces", var ns, "deployments"] => new("apps/v1", "Deployment", () => _deployments.List(ns, labels).Items),
            _ => null,
        };
    }

    private static IItems<T> Named<T>(IItems<T> list, FakeRequest request) where T : IMetadata<V1ObjectMeta>
    {
        list.Items = list.Items.Where(item => FakeFieldSelector.Matches(item, request["fieldSelector"])).ToList();
        return list;
    }

    private static T Strict<T>(FakeRequest request, string kind, string? ns) where T : IKubernetesObject<V1ObjectMeta>
    {
        var parsed = FakeJson.Parse<T>(request.Body);
        FakeStrictDecoding.Check(request, parsed, kind, ns, parsed.Metadata?.Name ?? "", apply: false);
        return parsed;
    }

    private (int, object) Delete(string name)
    {
        cluster.DeleteNamespace(name);
        return (200, Success("namespaces", name));
    }

    private static T One<T>(IEnumerable<T> items, string resource, string name) where T : IMetadata<V1ObjectMeta> =>
        items.FirstOrDefault(i => i.Metadata.Name == name) ?? throw FakeApiError.NotFound(resource, name);

    private V1PodList ListPods(string ns, string? selector) => new()
    {
        ApiVersion = "v1", Kind = "PodList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.Pods.Where(kv => kv.Key.Ns == ns && FakeLabels.Matches(kv.Value.Pod.Metadata.Labels, selector))
            .Select(kv => FakeJson.Clone(kv.Value.Pod)).ToList(),
    };

    private V1Pod GetPod(string ns, string name) =>
        cluster.Pods.TryGetValue((ns, name), out var pod) ? FakeJson.Clone(pod.Pod) : throw FakeApiError.NotFound("pods", name);

    private V1ReplicaSetList ListReplicaSets(string ns, string? selector) => new()
    {
        ApiVersion = "apps/v1", Kind = "ReplicaSetList", Metadata = new V1ListMeta { ResourceVersion = cluster.NextResourceVersion() },
        Items = cluster.ReplicaSets.Where(kv => kv.Key.Ns == ns && FakeLabels.Matches(kv.Value.Metadata.Labels, selector))
            .Select(kv => FakeJson.Clone(kv.Value)).ToList(),
    };

    private static JsonObject Success(string kind, string name) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["kind"] = kind },
    };
}
