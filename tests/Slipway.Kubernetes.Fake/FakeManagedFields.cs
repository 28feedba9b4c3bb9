using System.Text.Json.Nodes;

namespace Slipway.Tests.Kubernetes.Fake;

/// <summary>One <c>metadata.managedFields</c> entry: a manager, its operation (Apply or Update) and the fields it owns.</summary>
public sealed record FakeManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string? Time, FakeFieldSet Fields)
{
    public bool IsApply => Operation == "Apply";

    /// <summary>As a 409 names it: an applier by name, an updater with its API version (the real server's printManager).</summary>
    public string Describe() => IsApply ? $"\"{Manager}\"" : $"\"{Manager}\" using {ApiVersion}";
}

/// <summary>
/// Reads and writes <c>metadata.managedFields</c> (fieldsType FieldsV1) on an object's JSON, and records what an Update
/// (create, PUT, JSON/merge/strategic patch) takes: the fields it added or changed, taken from every other manager.
/// </summary>
public static class FakeManagedFields
{
    public static List<FakeManagedFieldsEntry> Read(JsonNode? obj) =>
        (obj?["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>().Select(e => new FakeManagedFieldsEntry(
            (string?)e["manager"] ?? "", (string?)e["operation"] ?? "Update", (string?)e["apiVersion"] ?? "", (string?)e["time"],
            FakeFieldSet.FromFieldsV1(e["fieldsV1"]))).ToList();

    /// <summary>Writes <paramref name="entries"/> in order, leaving out managers that own nothing any more.</summary>
    public static void Write(JsonObject obj, IEnumerable<FakeManagedFieldsEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());
        var kept = entries.Where(e => !e.Fields.IsEmpty).Select(e => (JsonNode)new JsonObject
        {
            ["manager"] = e.Manager,
            ["operation"] = e.Operation,
            ["apiVersion"] = e.ApiVersion,
            ["time"] = e.Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = e.Fields.ToFieldsV1(),
        }).ToArray();
        if (kept.Length == 0) metadata.Remove("managedFields");
        else metadata["managedFields"] = new JsonArray(kept);
    }

    /// <summary>
    /// Records an Update by <paramref name="manager"/> that turned <paramref name="before"/> (null on create) into
    /// <paramref name="after"/>: it owns what it added or changed, nobody owns what it removed. Writes the result on <paramref name="after"/>.
    /// </summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string apiVersion, DateTime now)
    {
        var changed = FakeFieldSet.Changed(before, after);
        var removed = FakeFieldSet.Of(before).Except(FakeFieldSet.Of(after));
        var entries = Read(before).Select(e => e with { Fields = e.Fields.Except(changed).Except(removed) }).ToList();
        var index = entries.FindIndex(e => e.Manager == manager && !e.IsApply);
        var mine = index < 0 ? new FakeFieldSet() : Read(before)[index].Fields.Except(removed);
        var updated = new FakeManagedFieldsEntry(manager, "Update", apiVersion, Timestamp(now), mine.Union(changed));
        if (index < 0) entries.Add(updated);
        else entries[index] = changed.IsEmpty ? entries[index] with { Fields = mine } : updated;
        Write(after, entries);
    }

    public static string Timestamp(DateTime now) => now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>The object's JSON without the managers' timestamps: equal for a write that changed nothing.</summary>
    public static JsonNode WithoutTimes(JsonNode obj)
    {
        var copy = obj.DeepClone();
        foreach (var entry in (copy["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>()) entry.Remove("time");
        return copy;
    }
}
