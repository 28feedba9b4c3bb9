using System.Text.Json;
using Slipway.Catalog;

namespace Slipway.Workflows;

/// <summary>
/// Which services a change touches, for the build workflow's matrix: a service whose source lives in
/// this repository (repository ".") is touched when a file under its folder changed; any service is
/// touched when its catalog entry changed or when the image recipe (images/) changed. Services built
/// from other repositories are built by their own repositories' pushes.
/// </summary>
public static class ChangedServices
{
    public static IReadOnlyList<string> Compute(Catalog.Catalog catalog, string environment, IReadOnlyCollection<string> changedFiles,
        string? baseCatalogJson)
    {
        var enabled = catalog.ServicesEnabledIn(environment);
        if (changedFiles.Any(f => f.StartsWith("images/", StringComparison.Ordinal))) return enabled;
        var baseServices = ServiceEntries(baseCatalogJson);
        var current = ServiceEntries(File.Exists(Path.Combine(catalog.BaseDirectory, CatalogLoader.DefaultFileName))
            ? File.ReadAllText(Path.Combine(catalog.BaseDirectory, CatalogLoader.DefaultFileName)) : null);
        return enabled.Where(name =>
        {
            var service = catalog.Services[name];
            if (service.Repository == "." && changedFiles.Any(f => IsUnder(f, service.Directory))) return true;
            return baseCatalogJson is not null &&
                   (!baseServices.TryGetValue(name, out var before) || !current.TryGetValue(name, out var now) || before != now);
        }).ToList();
    }

    private static bool IsUnder(string file, string? directory) =>
        string.IsNullOrEmpty(directory) || file.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static Dictionary<string, string> ServiceEntries(string? catalogJson)
    {
        if (catalogJson is null) return new();
        try
        {
            using var doc = JsonDocument.Parse(catalogJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return doc.RootElement.TryGetProperty("services", out var services) && services.ValueKind == JsonValueKind.Object
                ? services.EnumerateObject().ToDictionary(p => p.Name, p => JsonSerializer.Serialize(p.Value))
                : new();
        }
        catch (JsonException) { return new(); }
    }
}
