using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// The few schema facts field ownership and merging need for the kinds the fake writes (Namespace, Deployment and
/// its pod template), keyed by field name as the OpenAPI's <c>x-kubernetes-list-map-keys</c> and
/// <c>x-kubernetes-patch-merge-key</c> give them. A list not named here is atomic: owned and replaced as a whole.
/// </summary>
public static class FakeFieldSchema
{
    private static readonly Dictionary<string, string[]> ListMapKeys = new()
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["env"] = ["name"],
        // The apply schema keys ports by both; protocol defaults to TCP.
        ["ports"] = ["containerPort", "protocol"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["imagePullSecrets"] = ["name"],
        ["ownerReferences"] = ["uid"],
        ["conditions"] = ["type"],
    };

    /// <summary>The strategic-merge-patch merge key of a list field (ports merge by containerPort alone), or null when the list is replaced.</summary>
    public static string? MergeKey(string field) => field == "ports" ? "containerPort" : ListMapKeys.GetValueOrDefault(field)?[0];

    /// <summary>The list-map keys of a list field, or null when the list is atomic.</summary>
    public static string[]? Keys(string field) => ListMapKeys.GetValueOrDefault(field);

    /// <summary>Objects owned as one value (a LabelSelector), rather than field by field.</summary>
    public static bool IsAtomicObject(string field) => field == "selector";

    /// <summary>The path element of one list-map item, as managedFields spell it: <c>k:{"containerPort":8080,"protocol":"TCP"}</c> (keys sorted).</summary>
    public static string ItemElement(string field, JsonNode item)
    {
        var key = new JsonObject();
        foreach (var name in Keys(field)!.Order(StringComparer.Ordinal))
            key[name] = KeyValue(field, name, item);
        return "k:" + key.ToJsonString();
    }

    /// <summary>Whether <paramref name="item"/> is the list-map item <paramref name="element"/> names.</summary>
    public static bool IsItem(string field, JsonNode? item, string element) => item is JsonObject && ItemElement(field, item) == element;

    private static JsonNode? KeyValue(string field, string name, JsonNode item) =>
        item[name]?.DeepClone() ?? (field == "ports" && name == "protocol" ? JsonValue.Create("TCP") : null);
}
