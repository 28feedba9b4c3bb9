using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>
/// Server-side apply as structured-merge-diff does it, on an object's JSON: the apply configuration is merged field by
/// field into the live object (list-maps by their keys); a field it sets to another value than a different manager
/// owns is a 409 conflict unless forced (force takes the field over); a field the applier owned before and no longer
/// applies is removed unless another manager still owns it; the applier's managedFields entry becomes what it applied.
/// </summary>
public static class FakeServerSideApply
{
    // Never merged from an apply configuration: the server owns them.
    private static readonly string[] ServerMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"];

    /// <summary>The object <paramref name="applied"/> makes of <paramref name="live"/> (null: the object is new), with its managedFields.</summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, string apiVersion, DateTime now)
    {
        var config = applied.DeepClone().AsObject();
        config.Remove("status");
        if (config["metadata"] is JsonObject metadata)
            foreach (var key in ServerMetadata) metadata.Remove(key);
        var appliedFields = FakeFieldSet.Of(config);
        var entries = FakeManagedFields.Read(live);
        var index = entries.FindIndex(e => e.Manager == manager && e.IsApply);
        var previous = index < 0 ? new FakeFieldSet() : entries[index].Fields;

        var conflicts = Conflicts(live, config, appliedFields, entries, index);
        if (conflicts.Count > 0 && !force) throw ConflictError(conflicts);
        var taken = new FakeFieldSet(conflicts.Select(c => c.Path));
        for (var i = 0; i < entries.Count; i++)
            if (i != index) entries[i] = entries[i] with { Fields = entries[i].Fields.Except(taken) };

        var merged = (live is null ? config : FakeFieldValue.Merge(live, config, null)!).AsObject();
        var others = entries.Where((_, i) => i != index).Aggregate(new FakeFieldSet(), (all, e) => all.Union(e.Fields));
        // Shortest paths first: an item nobody applies any more goes whole (its fields with it). An item that stays keeps its
        // key fields (they are its identity), as structured-merge-diff never removes them on their own.
        foreach (var path in previous.Except(appliedFields).Paths.OrderBy(p => p.Length))
            if (!appliedFields.ContainsOrUnder(path) && !others.ContainsOrUnder(path) && !IsKeyOfItem(path)) FakeFieldValue.Remove(merged, path);

        var entry = new FakeManagedFieldsEntry(manager, "Apply", apiVersion, FakeManagedFields.Timestamp(now), appliedFields);
        if (index < 0) entries.Add(entry); else entries[index] = entry;
        FakeManagedFields.Write(merged, entries);
        return merged;
    }

    private static bool IsKeyOfItem(string path)
    {
        var elements = FakeFieldSet.Elements(path);
        if (elements.Length < 2 || !elements[^2].StartsWith("k:", StringComparison.Ordinal) || !elements[^1].StartsWith("f:", StringComparison.Ordinal))
            return false;
        return System.Text.Json.Nodes.JsonNode.Parse(elements[^2][2..]) is System.Text.Json.Nodes.JsonObject key && key.ContainsKey(elements[^1][2..]);
    }

    /// <summary>The fields the apply would change that another manager owns, in path order.</summary>
    private static List<(string Path, FakeManagedFieldsEntry Owner)> Conflicts(JsonObject? live, JsonObject config, FakeFieldSet appliedFields,
        List<FakeManagedFieldsEntry> entries, int applier)
    {
        var conflicts = new List<(string, FakeManagedFieldsEntry)>();
        if (live is null) return conflicts;
        foreach (var path in appliedFields.Paths.Where(p => !FakeFieldSet.IsItem(p)).Order(StringComparer.Ordinal))
        {
            var (found, current) = FakeFieldValue.At(live, path);
            if (found && JsonNode.DeepEquals(current, FakeFieldValue.At(config, path).Value)) continue;
            conflicts.AddRange(entries.Where((e, i) => i != applier && e.Fields.Contains(path)).Select(e => (path, e)));
        }
        return conflicts;
    }

    /// <summary>The real server's 409 for apply conflicts: one cause per field, the message as its conflict.go words it.</summary>
    private static FakeApiError ConflictError(List<(string Path, FakeManagedFieldsEntry Owner)> conflicts)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with {c.Owner.Describe()}",
                ["field"] = FakeFieldSet.Describe(c.Path),
            }).ToArray()),
        };
        string message;
        if (conflicts.Count == 1)
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Describe()}: {FakeFieldSet.Describe(conflicts[0].Path)}";
        else
        {
            var lines = conflicts.GroupBy(c => c.Owner.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {FakeFieldSet.Describe(c.Path)}")));
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }
        return new FakeApiError(409, "Conflict", message, details);
    }
}
