using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// A set of field paths as server-side apply tracks ownership: each path a chain of elements (<c>f:spec</c>,
/// <c>k:{"name":"app"}</c>), joined by a newline. Members are leaves (scalars, atomic lists and objects) and list-map items.
/// </summary>
public sealed class FakeFieldSet
{
    private const char Separator = '\n';
    // Written by the server, never owned by a manager.
    private static readonly HashSet<string> ServerMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"];

    public HashSet<string> Paths { get; }

    public FakeFieldSet(IEnumerable<string>? paths = null) => Paths = new HashSet<string>(paths ?? [], StringComparer.Ordinal);

    public bool IsEmpty => Paths.Count == 0;

    /// <summary>Every member of <paramref name="obj"/>'s metadata (labels, annotations, ...) and spec: what an apply of it owns.</summary>
    public static FakeFieldSet Of(JsonNode? obj)
    {
        var set = new FakeFieldSet();
        if (obj is not JsonObject o) return set;
        if (o["metadata"] is JsonObject metadata)
            foreach (var (key, value) in metadata)
                if (!ServerMetadata.Contains(key) && value is not null) Walk(set.Paths, "f:metadata" + Separator + "f:" + key, key, value);
        foreach (var (key, value) in o)
            if (key is not ("apiVersion" or "kind" or "metadata" or "status") && value is not null) Walk(set.Paths, "f:" + key, key, value);
        return set;
    }

    /// <summary>The members of <paramref name="after"/> that are new or hold another value than in <paramref name="before"/>: what an update owns.</summary>
    public static FakeFieldSet Changed(JsonNode? before, JsonNode after) =>
        new(Of(after).Paths.Where(p => !Same(p, FakeFieldValue.At(before, p), FakeFieldValue.At(after, p))));

    // A list item's own membership is about its existence, not its content (its fields are members of their own).
    private static bool Same(string path, (bool Found, JsonNode? Value) a, (bool Found, JsonNode? Value) b) =>
        a.Found == b.Found && (IsItem(path) || JsonNode.DeepEquals(a.Value, b.Value));

    public static bool IsItem(string path) => Elements(path)[^1].StartsWith("k:", StringComparison.Ordinal);

    private static void Walk(HashSet<string> paths, string path, string field, JsonNode value)
    {
        switch (value)
        {
            case JsonObject o when o.Count > 0 && !FakeFieldSchema.IsAtomicObject(field):
                foreach (var (key, child) in o)
                    if (child is not null) Walk(paths, path + Separator + "f:" + key, key, child);
                break;
            case JsonArray items when FakeFieldSchema.Keys(field) is not null:
                foreach (var item in items.OfType<JsonObject>())
                {
                    var itemPath = path + Separator + FakeFieldSchema.ItemElement(field, item);
                    paths.Add(itemPath);
                    foreach (var (key, child) in item)
                        if (child is not null) Walk(paths, itemPath + Separator + "f:" + key, key, child);
                }
                break;
            default:
                paths.Add(path);
                break;
        }
    }

    public static string[] Elements(string path) => path.Split(Separator);

    public bool Contains(string path) => Paths.Contains(path);

    /// <summary>Whether this set holds <paramref name="path"/> or anything under it.</summary>
    public bool ContainsOrUnder(string path) => Paths.Contains(path) || Paths.Any(p => p.StartsWith(path + Separator, StringComparison.Ordinal));

    public FakeFieldSet Except(FakeFieldSet other) => new(Paths.Where(p => !other.Paths.Contains(p)));

    public FakeFieldSet Union(FakeFieldSet other) => new(Paths.Concat(other.Paths));

    /// <summary>The path as the 409 message names it: <c>.spec.template.spec.containers[name="app"].image</c>.</summary>
    public static string Describe(string path) => string.Concat(Elements(path).Select(e => e switch
    {
        ['f', ':', .. var name] => "." + name,
        ['k', ':', .. var key] => "[" + string.Join(",", JsonNode.Parse(key)!.AsObject().Select(kv => $"{kv.Key}={kv.Value!.ToJsonString()}")) + "]",
        _ => e,
    }));

    /// <summary>The managedFields <c>fieldsV1</c> form: nested elements, <c>{}</c> for a leaf, <c>".": {}</c> for a member that has members under it.</summary>
    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in Paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in Elements(path))
                node = node[element] as JsonObject ?? (JsonObject)(node[element] = new JsonObject());
        }
        foreach (var path in Paths)
        {
            var node = Elements(path).Aggregate(root, (n, e) => n[e]!.AsObject());
            if (node.Count > 0 && !node.ContainsKey(".")) node["."] = new JsonObject();
        }
        return Sorted(root);
    }

    public static FakeFieldSet FromFieldsV1(JsonNode? fields)
    {
        var set = new FakeFieldSet();
        Read(fields as JsonObject, null, set.Paths);
        return set;
    }

    private static void Read(JsonObject? node, string? path, HashSet<string> paths)
    {
        if (node is null) return;
        if (path is not null && (node.Count == 0 || node.ContainsKey("."))) paths.Add(path);
        foreach (var (element, child) in node)
            if (element != ".") Read(child as JsonObject, path is null ? element : path + Separator + element, paths);
    }

    private static JsonObject Sorted(JsonObject node) =>
        new(node.OrderBy(kv => kv.Key == "." ? "" : kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Sorted(kv.Value!.AsObject()))));
}
