namespace Slipway.Catalog;

/// <summary>Base image references follow the docker reference grammar; defaults.baseImage names an entry.</summary>
internal static class BaseImageRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, baseImage) in catalog.BaseImages)
            if (!NameSyntax.IsImageReference(baseImage.Image))
                yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "image"),
                    $"invalid image reference '{baseImage.Image}'",
                    "use [host[:port]/]path[:tag][@sha256:<64 hex>] with lower-case path components, e.g. \"slipway/tomcat10-jre17:bookworm\"");
        if (!catalog.BaseImages.ContainsKey(catalog.Defaults.BaseImage))
            yield return UnknownBaseImage(catalog, CatalogPath.Of("defaults", "baseImage"), catalog.Defaults.BaseImage);
    }

    /// <summary>A reference to a baseImages entry that does not exist.</summary>
    internal static CatalogProblem UnknownBaseImage(Catalog catalog, string path, string name) =>
        new(path, $"unknown base image '{name}'",
            $"use one of the baseImages entries: {CatalogValidator.List(catalog.BaseImages.Keys)}");
}
