using System.Text.Json.Nodes;

namespace Slipway.Catalog;

/// <summary>A location in the catalog JSON: its display path, the last property name, and the node there (if any).</summary>
internal sealed record InstanceLocation(string Path, string Name, JsonNode? Node)
{
    /// <summary>Walks <paramref name="pointer"/> through <paramref name="root"/>, rendering the path as <c>$.a.b[0].c</c>.</summary>
    public static InstanceLocation Resolve(JsonNode root, string pointer)
    {
        var path = "$";
        var name = "$";
        JsonNode? node = root;
        foreach (var segment in JsonPointerSegments.Split(pointer))
        {
            if (node is JsonArray array && int.TryParse(segment, out var index))
            {
                path += $"[{index}]";
                node = index < array.Count ? array[index] : null;
            }
            else
            {
                path = CatalogPath.Append(path, segment);
                name = segment;
                node = node is JsonObject obj ? obj[segment] : null;
            }
        }
        return new InstanceLocation(path, name, node);
    }
}
