using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Slipway.Catalog;

/// <summary>services.schema.json, embedded in the assembly, and schema-level validation against it.</summary>
public static class CatalogSchema
{
    private const string ResourceName = "services.schema.json";

    private static readonly Lazy<string> LazyText = new(ReadEmbeddedText);
    private static readonly Lazy<JsonNode> LazyDocument = new(() => JsonNode.Parse(LazyText.Value)!);
    // Built once: building registers the schema's $id, and re-registering the same id is pointless work.
    private static readonly Lazy<JsonSchema> LazySchema = new(() => JsonSchema.FromText(LazyText.Value));

    /// <summary>The schema text exactly as shipped at the repository root.</summary>
    public static string Text => LazyText.Value;

    /// <summary>Evaluates <paramref name="catalog"/> against the schema and returns readable problems (empty when valid).</summary>
    public static IReadOnlyList<CatalogProblem> Validate(JsonNode catalog)
    {
        var instance = JsonSerializer.SerializeToElement(catalog);
        var results = LazySchema.Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : SchemaProblemTranslator.Translate(results, LazyDocument.Value, catalog);
    }

    private static string ReadEmbeddedText()
    {
        using var stream = typeof(CatalogSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the Slipway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
