using System.Text.Json.Nodes;
using Slipway.Catalog;
using Slipway.Deploy;

namespace Slipway.TestSupport;

/// <summary>The repository's own services.json.</summary>
public static class ShippedCatalog
{
    public static string Path { get; } = RepoRoot.Combine("services.json");

    public static string Json => File.ReadAllText(Path);

    public static JsonObject Node() => JsonNode.Parse(Json)!.AsObject();

    public static Slipway.Catalog.Catalog Load() => CatalogLoader.Load(Path, DeployModes.Shipped);
}
