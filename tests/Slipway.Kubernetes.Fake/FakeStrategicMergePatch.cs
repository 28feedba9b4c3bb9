using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>, what kubectl set/edit/patch/diff send): a merge
/// patch whose lists with a merge key (<see cref="FakeFieldSchema.MergeKey"/>) merge item by item, with the
/// <c>$patch: delete</c> and <c>$patch: replace</c> directives on list items and maps and
/// <c>$deleteFromPrimitiveList</c>; <c>$setElementOrder</c> and <c>$retainKeys</c> are accepted and ignored.
/// </summary>
public static class FakeStrategicMergePatch
{
    public static JsonNode Apply(JsonNode target, JsonNode patch) =>
        patch is JsonObject o ? MergeObject(target as JsonObject, o) ?? new JsonObject() : throw FakeApiError.BadRequest("a strategic merge patch must be a JSON object");

    private static JsonObject? MergeObject(JsonObject? target, JsonObject patch)
    {
        switch ((string?)patch["$patch"])
        {
            case "delete": return null;
            case "replace": return Without(patch, "$patch");
            case null: break;
            case var other: throw FakeApiError.BadRequest($"Unknown patch type: {other} in map: {patch.ToJsonString()}");
        }
        var result = target?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) || key == "$retainKeys") continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray values)
                    foreach (var gone in (value as JsonArray ?? []).ToList())
                        foreach (var hit in values.Where(v => JsonNode.DeepEquals(v, gone)).ToList()) values.Remove(hit);
                continue;
            }
            var merged = value switch
            {
                null => null,
                JsonObject inner => MergeObject(result[key] as JsonObject, inner),
                JsonArray items when FakeFieldSchema.MergeKey(key) is { } mergeKey => MergeList(result[key] as JsonArray, items, mergeKey),
                _ => value.DeepClone(),
            };
            if (merged is null) result.Remove(key); else result[key] = merged;
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string mergeKey)
    {
        var items = patch.OfType<JsonObject>().ToList();
        if (items.Any(i => (string?)i["$patch"] == "replace"))
            return new JsonArray(items.Where(i => (string?)i["$patch"] != "replace").Select(i => (JsonNode)i.DeepClone()).ToArray());
        var result = target?.DeepClone().AsArray() ?? [];
        foreach (var item in items)
        {
            var key = item[mergeKey] ?? throw FakeApiError.BadRequest($"map: {item.ToJsonString()} does not contain declared merge key: {mergeKey}");
            var index = result.ToList().FindIndex(i => JsonNode.DeepEquals(i?[mergeKey], key));
            if ((string?)item["$patch"] == "delete")
            {
                if (index >= 0) result.RemoveAt(index);
                continue;
            }
            var merged = MergeObject(index >= 0 ? result[index] as JsonObject : null, item)!;
            if (index >= 0) result[index] = merged; else result.Add(merged);
        }
        return result;
    }

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = o.DeepClone().AsObject();
        copy.Remove(key);
        return copy;
    }
}
