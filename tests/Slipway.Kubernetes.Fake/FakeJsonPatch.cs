using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) and RFC 7386 merge patch on JsonNodes.</summary>
public static class FakeJsonPatch
{
    public static JsonNode ApplyJsonPatch(JsonNode document, JsonArray operations)
    {
        foreach (var operation in operations.Select(o => o!.AsObject()))
        {
            var op = (string?)operation["op"];
            var path = (string?)operation["path"] ?? "";
            switch (op)
            {
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                        throw new FakeApiError(422, "Invalid", $"testing value {path} failed");
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace" when Get(document, path) is null:
                    throw new FakeApiError(422, "Invalid", $"replace operation does not apply: doc is missing key: {path}");
                case "replace":
                    Remove(document, path);
                    Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "add":
                    Add(document, path, operation["value"]?.DeepClone());
                    break;
                case "move" or "copy":
                    var from = (string?)operation["from"] ?? throw FakeApiError.BadRequest($"JSON patch op '{op}' needs 'from'");
                    var value = Get(document, from)?.DeepClone() ?? throw new FakeApiError(422, "Invalid", $"{op} operation does not apply: doc is missing from path: {from}");
                    if (op == "move") Remove(document, from);
                    Add(document, path, value);
                    break;
                default:
                    throw FakeApiError.BadRequest($"unsupported JSON patch op '{op}'");
            }
        }
        return document;
    }

    private static JsonNode? Get(JsonNode document, string pointer)
    {
        var (parent, last) = Parent(document, pointer);
        return Child(parent, last);
    }

    private static void Remove(JsonNode document, string pointer)
    {
        var (parent, last) = Parent(document, pointer);
        if (parent is JsonObject o) o.Remove(last); else parent.AsArray().RemoveAt(int.Parse(last));
    }

    private static void Add(JsonNode document, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(document, pointer);
        if (parent is JsonObject o) o[last] = value;
        else if (last == "-") parent.AsArray().Add(value);
        else parent.AsArray().Insert(int.Parse(last), value);
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string pointer)
    {
        var path = pointer.Split('/').Skip(1).Select(p => p.Replace("~1", "/").Replace("~0", "~")).ToArray();
        if (path.Length == 0) throw FakeApiError.BadRequest("the root of a document cannot be patched");
        var parent = path[..^1].Aggregate(document, (node, key) => Child(node, key) ?? throw new FakeApiError(422, "Invalid", $"doc is missing path: \"{pointer}\""));
        return (parent, path[^1]);
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
