using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>RFC 6902 JSON patch (add, replace, remove, test) and RFC 7386 merge patch on JsonNodes.</summary>
public static class FakeJsonPatch
{
    public static JsonNode ApplyJsonPatch(JsonNode document, JsonArray operations)
    {
        foreach (var operation in operations.Select(o => o!.AsObject()))
        {
            var op = (string?)operation["op"];
            var path = ((string?)operation["path"] ?? "").Split('/').Skip(1).Select(p => p.Replace("~1", "/").Replace("~0", "~")).ToArray();
            if (path.Length == 0) throw FakeApiError.BadRequest("the root of a document cannot be patched");
            var parent = path[..^1].Aggregate(document, (node, key) => Child(node, key) ?? throw new FakeApiError(422, "Invalid", $"doc is missing path: \"{operation["path"]}\""));
            var last = path[^1];
            var value = operation["value"]?.DeepClone();
            switch (op)
            {
                case "test":
                    if (!JsonNode.DeepEquals(Child(parent, last), value))
                        throw new FakeApiError(422, "Invalid", $"testing value {operation["path"]} failed");
                    break;
                case "remove":
                    if (parent is JsonObject o) o.Remove(last); else parent.AsArray().RemoveAt(int.Parse(last));
                    break;
                case "replace" when Child(parent, last) is null:
                    throw new FakeApiError(422, "Invalid", $"replace operation does not apply: doc is missing key: {operation["path"]}");
                case "replace" or "add":
                    if (parent is JsonObject obj) obj[last] = value;
                    else if (last == "-") parent.AsArray().Add(value);
                    else if (op == "add") parent.AsArray().Insert(int.Parse(last), value);
                    else parent.AsArray()[int.Parse(last)] = value;
                    break;
                default:
                    throw FakeApiError.BadRequest($"unsupported JSON patch op '{op}'");
            }
        }
        return document;
    }

    public static JsonNode? ApplyMergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null) result.Remove(key);
            else result[key] = ApplyMergePatch(result[key]?.DeepClone(), value);
        }
        return result;
    }

    private static JsonNode? Child(JsonNode node, string key) =>
        node is JsonArray array ? (int.TryParse(key, out var i) && i < array.Count ? array[i] : null) : node.AsObject()[key];
}
