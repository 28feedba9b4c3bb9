using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>Reads, removes and merges the values of an object at <see cref="FakeFieldSet"/> paths (list-map items found by their keys).</summary>
public static class FakeFieldValue
{
    /// <summary>The value at <paramref name="path"/>; Found is false when any element on the way is missing.</summary>
    public static (bool Found, JsonNode? Value) At(JsonNode? root, string path)
    {
        var node = root;
        string? field = null;
        foreach (var element in FakeFieldSet.Elements(path))
        {
            node = Child(node, field, element, out var found);
            if (!found) return (false, null);
            if (element.StartsWith("f:", StringComparison.Ordinal)) field = element[2..];
        }
        return (true, node);
    }

    /// <summary>Removes the value at <paramref name="path"/>, and the objects and lists that removal leaves empty (but not metadata or spec).</summary>
    public static void Remove(JsonNode root, string path)
    {
        var elements = FakeFieldSet.Elements(path);
        for (var length = elements.Length; length > 0; length--)
        {
            var parentPath = string.Join('\n', elements[..(length - 1)]);
            var (found, parent) = length == 1 ? (true, root) : At(root, parentPath);
            if (!found || parent is null) return;
            var element = elements[length - 1];
            if (parent is JsonObject o) o.Remove(element[2..]);
            else if (parent is JsonArray items)
            {
                var field = elements[length - 2][2..];
                var item = items.FirstOrDefault(i => FakeFieldSchema.IsItem(field, i, element));
                if (item is not null) items.Remove(item);
            }
            var emptied = parent is JsonObject { Count: 0 } or JsonArray { Count: 0 };
            if (!emptied || length - 1 <= 1 || elements[length - 2].StartsWith("k:", StringComparison.Ordinal)) return;
        }
    }

    /// <summary>
    /// Server-side apply's merge of an apply configuration into the live object: objects field by field, list-maps item
    /// by item (matched by their keys), everything else (scalars, atomic lists and objects) replaced.
    /// </summary>
    public static JsonNode? Merge(JsonNode? live, JsonNode? applied, string? field)
    {
        switch (applied)
        {
            case JsonObject patch when live is JsonObject target && (field is null || !FakeFieldSchema.IsAtomicObject(field)):
                var merged = target.DeepClone().AsObject();
                foreach (var (key, value) in patch)
                    if (value is not null) merged[key] = Merge(merged[key]?.DeepClone(), value, key);
                return merged;
            case JsonArray items when live is JsonArray target && field is not null && FakeFieldSchema.Keys(field) is not null:
                var result = target.DeepClone().AsArray();
                foreach (var item in items.OfType<JsonObject>())
                {
                    var element = FakeFieldSchema.ItemElement(field, item);
                    var index = result.ToList().FindIndex(i => FakeFieldSchema.IsItem(field, i, element));
                    if (index < 0) result.Add(item.DeepClone());
                    else result[index] = Merge(result[index]!.DeepClone(), item, field);
                }
                return result;
            default:
                return applied?.DeepClone();
        }
    }

    private static JsonNode? Child(JsonNode? node, string? field, string element, out bool found)
    {
        found = false;
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(element[2..], out var value)) return null;
            found = true;
            return value;
        }
        if (node is not JsonArray items || field is null) return null;
        var item = items.FirstOrDefault(i => FakeFieldSchema.IsItem(field, i, element));
        found = item is not null;
        return item;
    }
}
