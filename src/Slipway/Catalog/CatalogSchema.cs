using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Slipway.Catalog;

/// <summary>
/// services.schema.json, embedded in the assembly, and schema-level validation against it. The shipped file describes the
/// shipped deploy modes; for a catalog loaded with other modes, the environment's "mode" enum and settings blocks are
/// rewritten from the modes given, so a mode added later needs no edit here.
/// </summary>
public static class CatalogSchema
{
    private const string ResourceName = "services.schema.json";

    private static readonly Lazy<string> LazyText = new(ReadEmbeddedText);
    // Built once per set of modes: building registers the schema's $id, and re-registering the same id is pointless work.
    private static readonly ConcurrentDictionary<string, Lazy<(JsonNode Document, JsonSchema Schema)>> Schemas = new();

    /// <summary>The schema text exactly as shipped at the repository root.</summary>
    public static string Text => LazyText.Value;

    /// <summary>The deploy mode names the shipped schema's environment "mode" enum lists.</summary>
    public static IReadOnlyList<string> ShippedModeNames => LazyShippedModeNames.Value;

    private static readonly Lazy<IReadOnlyList<string>> LazyShippedModeNames = new(() =>
        Environment(JsonNode.Parse(Text)!)["properties"]!["mode"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ToList());

    /// <summary>Evaluates <paramref name="catalog"/> against the schema for <paramref name="modes"/> and returns readable problems (empty when valid).</summary>
    public static IReadOnlyList<CatalogProblem> Validate(JsonNode catalog, IReadOnlyList<ICatalogMode> modes)
    {
        var (document, schema) = For(modes);
        var instance = JsonSerializer.SerializeToElement(catalog);
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : SchemaProblemTranslator.Translate(results, document, catalog);
    }

    private static (JsonNode, JsonSchema) For(IReadOnlyList<ICatalogMode> modes)
    {
        var key = modes.Select(m => m.Name).SequenceEqual(ShippedModeNames) ? "" : string.Join(",", modes.Select(m => $"{m.Name}={m.SettingsKey}"));
        // Lazy: two threads must not build (and register) the same schema id twice.
        return Schemas.GetOrAdd(key, _ => new Lazy<(JsonNode, JsonSchema)>(() =>
        {
            var document = JsonNode.Parse(Text)!;
            if (key.Length > 0) DescribeModes(document, modes);
            return (document, JsonSchema.FromText(document.ToJsonString()));
        })).Value;
    }

    private static void DescribeModes(JsonNode document, IReadOnlyList<ICatalogMode> modes)
    {
        document["$id"] = $"{document["$id"]}?modes={string.Join(",", modes.Select(m => m.Name))}";
        var properties = Environment(document)["properties"]!.AsObject();
        properties["mode"]!["enum"] = new JsonArray(modes.Select(m => (JsonNode)JsonValue.Create(m.Name)).ToArray());
        foreach (var mode in modes.Where(m => !properties.ContainsKey(m.SettingsKey)))
            properties[mode.SettingsKey] = mode.SettingsSchema?.DeepClone() ?? new JsonObject { ["type"] = "object" };
    }

    private static JsonNode Environment(JsonNode document) => document["$defs"]!["environment"]!;

    private static string ReadEmbeddedText()
    {
        using var stream = typeof(CatalogSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the Slipway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
