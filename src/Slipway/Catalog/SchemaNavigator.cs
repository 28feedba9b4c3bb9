using System.Text.Json.Nodes;

namespace Slipway.Catalog;

/// <summary>Finds the schema node an evaluation path (e.g. <c>/properties/services/additionalProperties/$ref/properties/port</c>) points at.</summary>
internal sealed class SchemaNavigator(JsonNode schemaRoot)
{
    /// <summary>The node at <paramref name="evaluationPath"/>, following <c>$ref</c> segments; null when it cannot be found.</summary>
    public JsonNode? Find(string evaluationPath) => Walk(JsonPointerSegments.Split(evaluationPath));

    /// <summary>The node holding the keyword at the end of <paramref name="evaluationPath"/> (its parent).</summary>
    public JsonNode? FindParent(string evaluationPath)
    {
        var segments = JsonPointerSegments.Split(evaluationPath);
        return segments.Length == 0 ? null : Walk(segments[..^1]);
    }

    /// <summary>Description of <paramref name="node"/>, or of the definition it references.</summary>
    public string? DescriptionOf(JsonNode? node) =>
        node is JsonObject obj
            ? (string?)obj["description"] ?? DescriptionOf(FollowRef(obj))
            : null;

    /// <summary>The property names a schema object declares (following a top-level <c>$ref</c>).</summary>
    public IReadOnlyList<string> DeclaredProperties(JsonNode? node) => node switch
    {
        JsonObject { } obj when obj["properties"] is JsonObject props => props.Select(p => p.Key).ToList(),
        JsonObject obj when FollowRef(obj) is { } target => DeclaredProperties(target),
        _ => [],
    };

    private JsonNode? Walk(IEnumerable<string> segments)
    {
        JsonNode? current = schemaRoot;
        foreach (var segment in segments)
        {
            current = segment == "$ref" && current is JsonObject obj
                ? FollowRef(obj)
                : current switch
                {
                    JsonObject o => o[segment],
                    JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                    _ => null,
                };
            if (current is null) return null;
        }
        return current;
    }

    private JsonNode? FollowRef(JsonObject obj) =>
        obj["$ref"] is JsonValue v && v.TryGetValue<string>(out var reference) && reference.StartsWith('#')
            ? Walk(JsonPointerSegments.Split(reference))
            : null;
}
