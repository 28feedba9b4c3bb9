using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;

namespace Slipway.Tests.Catalog;

/// <summary>Finds the repository's services.json by walking up from the test binaries.</summary>
internal static class ShippedCatalog
{
    public static string Path { get; } = Locate();

    public static string Json => File.ReadAllText(Path);

    public static JsonObject Node() => JsonNode.Parse(Json)!.AsObject();

    public static Slipway.Catalog.Catalog Load() => CatalogLoader.Load(Path, DeployModes.Shipped);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "services.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("services.json not found above " + AppContext.BaseDirectory);
    }
}
