using System.Text.Json.Nodes;
using k8s;

namespace Slipway.Deploy;

/// <summary>
/// A Kubernetes object as flat <c>path = value</c> pairs, so two renderings compare field by field:
/// <c>spec.containers[greeting].readinessProbe.httpGet.port = 18080</c>. List items with a <c>name</c> are keyed by it
/// (a reordered list is not a change); an <c>env</c> entry is keyed by the variable's name alone (<c>NCE_PORT = 18080</c>),
/// as the docker mode names it too.
/// </summary>
public static class ManifestFields
{
    /// <summary>The leaf fields of <paramref name="value"/> (any Kubernetes model object), serialized as the API would.</summary>
    public static IReadOnlyDictionary<string, string> Of(object value)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(JsonNode.Parse(KubernetesJson.Serialize(value)), "", fields);
        return fields;
    }

    private static void Flatten(JsonNode? node, string path, IDictionary<string, string> fields)
    {
        switch (node)
        {
            case null:
                return;
            case JsonObject obj:
                foreach (var (key, child) in obj) Flatten(child, Join(path, key), fields);
                return;
            case JsonArray array when path == "env" || path.EndsWith(".env", StringComparison.Ordinal):
                foreach (var item in array.OfType<JsonObject>())
                    if (item["name"]?.ToString() is { } name) fields[name] = item["value"]?.ToString() ?? item.ToJsonString();
                return;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    Flatten(array[i], $"{path}[{(array[i] is JsonObject { } item && item["name"] is JsonValue name ? name.ToString() : i.ToString())}]", fields);
                return;
            default:
                fields[path] = node.ToString();
                return;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
