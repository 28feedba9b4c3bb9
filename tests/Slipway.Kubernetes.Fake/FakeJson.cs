using System.Text.Json.Nodes;
using k8s;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>Model/JSON conversions with KubernetesClient's own serializer, plus a key-sorted form for "did it change" checks.</summary>
public static class FakeJson
{
    public static T Clone<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value!));

    public static JsonNode ToNode(object value) => JsonNode.Parse(KubernetesJson.Serialize(value))!;

    public static T FromNode<T>(JsonNode node) => KubernetesJson.Deserialize<T>(node.ToJsonString());

    public static T Parse<T>(string body)
    {
        try
        {
            return KubernetesJson.Deserialize<T>(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw FakeApiError.BadRequest($"the body of the request was in an unknown format: {e.Message}");
        }
    }

    /// <summary>JSON with object keys sorted at every level: equal for semantically equal objects.</summary>
    public static string Canonical(object? value) => value is null ? "null" : Sort(ToNode(value))?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        _ => node?.DeepClone(),
    };
}
