using System.Text.Json;
using System.Text.Json.Nodes;

namespace Slipway.Catalog;

/// <summary>Reads services.json, validates it (schema, then semantics) and returns the model, or throws a <see cref="CatalogException"/> listing every problem.</summary>
public static class CatalogLoader
{
    /// <summary>The catalog file name looked for by default.</summary>
    public const string DefaultFileName = "services.json";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Loads the catalog at <paramref name="path"/> (a file, or a folder holding services.json).
    /// Relative repositories and recipes later resolve against the file's folder.
    /// </summary>
    /// <param name="path">The catalog file, or a folder holding services.json.</param>
    /// <param name="modes">The deploy modes an environment's "mode" may name (Slipway.Deploy.DeployModes.Shipped).</param>
    /// <exception cref="CatalogException">The file is missing, unreadable, not JSON, or invalid.</exception>
    public static Catalog Load(string path, IReadOnlyList<ICatalogMode> modes)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath)) fullPath = Path.Combine(fullPath, DefaultFileName);
        if (!File.Exists(fullPath)) throw CatalogException.NotFound(fullPath);
        string json;
        try
        {
            json = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException(fullPath, [new CatalogProblem("$", $"cannot read the file: {e.Message}", "check the path and its permissions, or pass --catalog PATH")], e);
        }
        return LoadFromJson(json, Path.GetDirectoryName(fullPath)!, fullPath, modes);
    }

    /// <summary>Parses and validates catalog JSON (comments and trailing commas allowed).</summary>
    /// <param name="json">The catalog text.</param>
    /// <param name="baseDirectory">Folder relative paths in the catalog resolve against.</param>
    /// <param name="sourceName">Name used in error messages, usually the file path.</param>
    /// <param name="modes">The deploy modes an environment's "mode" may name.</param>
    /// <exception cref="CatalogException">The text is not JSON or the catalog is invalid.</exception>
    public static Catalog LoadFromJson(string json, string baseDirectory, string sourceName, IReadOnlyList<ICatalogMode> modes)
    {
        var document = Parse(json, sourceName);
        var problems = CatalogSchema.Validate(document, modes).ToList();
        var catalog = Deserialize(document, sourceName, problems) is { } read ? read with { Modes = modes } : null;
        if (catalog is not null)
            problems.AddRange(SemanticProblems(catalog, problems));
        if (problems.Count > 0) throw new CatalogException(sourceName, problems);
        return catalog! with { BaseDirectory = baseDirectory };
    }

    private static JsonNode Parse(string json, string sourceName)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: DocumentOptions)
                ?? throw new CatalogException(sourceName, [new CatalogProblem("$", "the catalog is null", "write a JSON object: { \"registries\": ..., \"environments\": ..., \"services\": ... }")]);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            throw new CatalogException(sourceName,
                [new CatalogProblem("$", $"invalid JSON at line {line}, position {position}: {WithoutPosition(e.Message)}", "correct the JSON syntax at that position")], e);
        }
    }

    // System.Text.Json appends its own 0-based " LineNumber: 0 | BytePositionInLine: 9." to the message.
    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd('.', ' ');
    }

    private static Catalog? Deserialize(JsonNode document, string sourceName, List<CatalogProblem> problems)
    {
        try
        {
            return document.Deserialize<Catalog>(SerializerOptions);
        }
        catch (JsonException e)
        {
            // The schema normally explains why; only report the raw failure when it did not.
            if (problems.Count == 0)
                problems.Add(new CatalogProblem(e.Path ?? "$", $"cannot read the value: {e.Message}", "see services.schema.json for the expected shape"));
            return null;
        }
    }

    private static IEnumerable<CatalogProblem> SemanticProblems(Catalog catalog, List<CatalogProblem> schemaProblems)
    {
        if (schemaProblems.Count == 0) return CatalogValidator.Validate(catalog);
        // A schema-invalid document can deserialize into a partial model (nulls where the schema forbids them);
        // semantic findings are then a best-effort extra, never a crash, and never repeat a path the schema already reported.
        try
        {
            var reported = schemaProblems.Select(p => p.JsonPath).ToHashSet();
            return CatalogValidator.Validate(catalog).Where(p => !reported.Contains(p.JsonPath)).ToList();
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentNullException or KeyNotFoundException)
        {
            return [];
        }
    }
}
