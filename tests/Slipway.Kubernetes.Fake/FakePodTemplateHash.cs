using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The <c>pod-template-hash</c> of a pod template, shaped like Kubernetes' controller.ComputeHash: FNV-32a of the
/// template, its decimal value written with the safe alphabet of generated names (rand.SafeEncodeString). Kubernetes
/// hashes the Go struct, where a missing field and an empty one (<c>resources: {}</c>, <c>creationTimestamp: null</c>,
/// both of which kubectl sends back on <c>rollout undo</c>) are the same value; so null values and empty objects are
/// dropped before hashing here, and two equal templates give the same hash however they were written.
/// </summary>
public static class FakePodTemplateHash
{
    public const string Label = "pod-template-hash";
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(V1PodTemplateSpec template)
    {
        var node = FakeJson.ToNode(template);
        (node as JsonObject)?["metadata"]?.AsObject()?["labels"]?.AsObject()?.Remove(Label);
        var canonical = FakeJson.Canonical(Prune(node));
        var hash = Fnv32a(Encoding.UTF8.GetBytes(canonical));
        return new string(hash.ToString(CultureInfo.InvariantCulture).Select(c => SafeAlphabet[c % SafeAlphabet.Length]).ToArray());
    }

    /// <summary>The node without nulls and without objects that are empty once pruned; null when nothing is left.</summary>
    private static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var kept = new JsonObject();
                foreach (var (key, value) in o)
                    if (Prune(value) is { } child) kept[key] = child;
                return kept.Count == 0 ? null : kept;
            case JsonArray a:
                return new JsonArray(a.Select(item => Prune(item) ?? new JsonObject()).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static uint Fnv32a(byte[] data)
    {
        var hash = 2166136261u;
        foreach (var b in data) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
