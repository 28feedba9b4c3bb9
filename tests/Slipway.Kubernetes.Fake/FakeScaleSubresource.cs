using System.Text.Json.Nodes;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// <c>deployments/NAME/scale</c>: the Deployment seen as an autoscaling/v1 Scale (spec.replicas; status.replicas and the
/// selector as a string). GET reads it; PUT and PATCH (merge, strategic merge or JSON patch, on the Scale) change only the
/// Deployment's spec.replicas, through the Deployment store so generation and resourceVersion move as for any spec change.
/// </summary>
public sealed class FakeScaleSubresource(FakeCluster cluster)
{
    private readonly FakeDeploymentStore _deployments = new(cluster);

    /// <summary>The discovery entry kubectl's scale client resolves the Scale kind from.</summary>
    public static JsonObject Discovery() => new()
    {
        ["name"] = "deployments/scale", ["singularName"] = "", ["namespaced"] = true, ["group"] = "autoscaling", ["version"] = "v1",
        ["kind"] = "Scale", ["verbs"] = new JsonArray("get", "patch", "update"),
    };

    public object Handle(FakeRequest request, string ns, string name) => request.Method switch
    {
        "GET" => Read(ns, name),
        "PUT" => Replace(ns, name, FakeJson.Parse<V1Scale>(request.Body), request.FieldManager),
        "PATCH" => Patch(request, ns, name),
        _ => throw new FakeApiError(405, "MethodNotAllowed", $"{request.Method} is not allowed on deployments/scale"),
    };

    private V1Scale Read(string ns, string name)
    {
        var d = _deployments.Get(ns, name);
        return new V1Scale
        {
            ApiVersion = "autoscaling/v1", Kind = "Scale",
            Metadata = new V1ObjectMeta
            {
                Name = d.Metadata.Name, NamespaceProperty = ns, Uid = d.Metadata.Uid,
                ResourceVersion = d.Metadata.ResourceVersion, CreationTimestamp = d.Metadata.CreationTimestamp,
            },
            Spec = new V1ScaleSpec { Replicas = d.Spec.Replicas },
            Status = new V1ScaleStatus { Replicas = d.Status?.Replicas ?? 0, Selector = Selector(d.Spec.Selector) },
        };
    }

    private V1Scale Replace(string ns, string name, V1Scale scale, string manager)
    {
        var current = Read(ns, name);
        if (scale.Metadata?.ResourceVersion is { Length: > 0 } rv && rv != current.Metadata.ResourceVersion)
            throw FakeApiError.Conflict("deployments.apps", name);
        return SetReplicas(ns, name, scale.Spec?.Replicas ?? 0, manager);
    }

    private V1Scale Patch(FakeRequest request, string ns, string name)
    {
        var current = FakeJson.ToNode(Read(ns, name));
        var patched = request.MediaType switch
        {
            "application/json-patch+json" => FakeJsonPatch.ApplyJsonPatch(current, request.JsonBody().AsArray()),
            "application/merge-patch+json" or "application/strategic-merge-patch+json" => FakeJsonPatch.ApplyMergePatch(current, request.JsonBody())!,
            _ => throw new FakeApiError(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got '{request.MediaType}')"),
        };
        return Replace(ns, name, FakeJson.FromNode<V1Scale>(patched), request.FieldManager);
    }

    private V1Scale SetReplicas(string ns, string name, int replicas, string manager)
    {
        if (replicas < 0)
            throw FakeApiError.Invalid("Scale.autoscaling", name, [("spec.replicas", $"Invalid value: {replicas}: must be greater than or equal to 0")]);
        _deployments.MergePatch(ns, name, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }, manager);
        return Read(ns, name);
    }

    /// <summary>metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key.</summary>
    private static string Selector(V1LabelSelector selector)
    {
        var terms = (selector.MatchLabels ?? new Dictionary<string, string>()).Select(kv => (kv.Key, Text: $"{kv.Key}={kv.Value}"))
            .Concat((selector.MatchExpressions ?? []).Select(e => (e.Key, Text: e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({string.Join(",", e.Values.Order(StringComparer.Ordinal))})",
                "NotIn" => $"{e.Key} notin ({string.Join(",", e.Values.Order(StringComparer.Ordinal))})",
                "Exists" => e.Key,
                _ => $"!{e.Key}",
            })));
        return string.Join(",", terms.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Text));
    }
}
