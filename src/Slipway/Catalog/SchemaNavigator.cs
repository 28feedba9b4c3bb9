using System.Text.Json.Nodes;

namespace Slipway.Catalog;

/// <summary>Finds nodes, descriptions and declared properties in the schema document.</summary>
internal sealed class SchemaNavigator(JsonNode schemaRoot)
{
    /// <summary>The node at schema pointer <paramref name="pointer"/> (e.g. <c>/$defs/service/properties/port</c>); <c>$ref</c> segments are followed. Null when absent.</summary>
    public JsonNode? Find(string pointer) => Walk(JsonPointerSegments.Split(pointer));

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
