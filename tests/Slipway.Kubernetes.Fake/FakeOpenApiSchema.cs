using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Reads the shipped OpenAPI documents as a schema: which fields of an object they do not declare. Keeps the trimmed
/// documents honest (every field Slipway renders must be there, or kubectl's client-side tools would reject it).
/// </summary>
public static class FakeOpenApiSchema
{
    /// <summary>Paths (like <c>spec.template.spec.containers[0].image</c>) of <paramref name="value"/> the kind's schema lacks.</summary>
    public static IReadOnlyList<string> UndeclaredFields(string groupVersion, string kind, JsonNode value)
    {
        var schemas = FakeOpenApi.Document(groupVersion)["components"]!["schemas"]!.AsObject();
        var root = schemas.FirstOrDefault(s => s.Value?["x-kubernetes-group-version-kind"]?.AsArray()
            .Any(g => g?["kind"]?.GetValue<string>() == kind) == true).Value
            ?? throw new ArgumentException($"no schema for {kind} in {groupVersion}");
        var undeclared = new List<string>();
        Walk(schemas, root, value, "", undeclared);
        return undeclared;
    }

    private static void Walk(JsonObject schemas, JsonNode schema, JsonNode? value, string path, List<string> undeclared)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            schema = schemas[reference["#/components/schemas/".Length..]] ?? throw new InvalidOperationException($"dangling $ref {reference}");
        if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true) return;
        switch (value)
        {
            case JsonObject fields when schema["properties"] is JsonObject properties:
                foreach (var (key, inner) in fields)
                {
                    var at = path == "" ? key : $"{path}.{key}";
                    if (properties[key] is { } declared) Walk(schemas, declared, inner, at, undeclared);
                    else undeclared.Add(at);
                }
                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject valueSchema:
                foreach (var (key, inner) in map) Walk(schemas, valueSchema, inner, $"{path}.{key}", undeclared);
                break;
            case JsonObject when schema["type"]?.GetValue<string>() == "object":
                break; // a free-form object (fieldsV1 and the like)
            case JsonObject:
                undeclared.Add(path + " (an object where the schema has none)");
                break;
            case JsonArray items when schema["items"] is { } itemSchema:
                for (var i = 0; i < items.Count; i++) Walk(schemas, itemSchema, items[i], $"{path}[{i}]", undeclared);
                break;
        }
    }
}
