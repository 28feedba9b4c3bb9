namespace Slipway.Catalog;

/// <summary>
/// Base image references follow the docker reference grammar; a base read from a registry names a registries entry, a
/// path inside it and a platform; defaults.baseImage names an entry.
/// </summary>
internal static class BaseImageRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, baseImage) in catalog.BaseImages)
        {
            var problems = baseImage.Registry is null ? EngineBase(name, baseImage) : RegistryBase(catalog, name, baseImage);
            foreach (var problem in problems) yield return problem;
        }
        if (!catalog.BaseImages.ContainsKey(catalog.Defaults.BaseImage))
            yield return UnknownBaseImage(catalog, CatalogPath.Of("defaults", "baseImage"), catalog.Defaults.BaseImage);
    }

    private static IEnumerable<CatalogProblem> EngineBase(string name, BaseImageSpec baseImage)
    {
        if (!NameSyntax.IsImageReference(baseImage.Image))
            yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "image"),
                $"invalid image reference '{baseImage.Image}'",
                "use [host[:port]/]path[:tag][@sha256:<64 hex>] with lower-case path components, e.g. \"slipway/tomcat10-jre17:bookworm\"");
        if (baseImage.Platform is not null)
            yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "platform"),
                $"platform '{baseImage.Platform}' is only read for a base in a registry, and base image '{name}' has no \"registry\"",
                "set \"registry\" to the registries entry holding the base, or remove \"platform\"");
    }

    private static IEnumerable<CatalogProblem> RegistryBase(Catalog catalog, string name, BaseImageSpec baseImage)
    {
        if (!catalog.Registries.ContainsKey(baseImage.Registry!))
            yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "registry"),
                $"unknown registry '{baseImage.Registry}'",
                $"use one of the registries entries: {CatalogValidator.List(catalog.Registries.Keys)}");
        if (!NameSyntax.IsReferenceInRegistry(baseImage.Image))
            yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "image"),
                $"invalid reference '{baseImage.Image}' for a base in registry '{baseImage.Registry}'",
                "use path[:tag][@sha256:<64 hex>] inside that registry, without a host (the host is the registry's url), " +
                "e.g. \"library/tomcat:10.1-jre17\" or \"library/tomcat@sha256:<64 hex>\"");
        if (baseImage.Platform is not null && ImagePlatform.TryParse(baseImage.Platform) is null)
            yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "platform"),
                $"invalid platform '{baseImage.Platform}'",
                "use os/architecture[/variant] in lower case, e.g. \"linux/amd64\", \"linux/arm64\" or \"linux/arm/v7\"");
        if (baseImage.Recipe is not null)
            yield return new CatalogProblem(CatalogPath.Of("baseImages", name, "recipe"),
                $"base image '{name}' is read from registry '{baseImage.Registry}', so its recipe would never be built",
                "remove \"recipe\", or remove \"registry\" to build the base from the recipe in the engine");
    }

    /// <summary>A reference to a baseImages entry that does not exist.</summary>
    internal static CatalogProblem UnknownBaseImage(Catalog catalog, string path, string name) =>
        new(path, $"unknown base image '{name}'",
            $"use one of the baseImages entries: {CatalogValidator.List(catalog.BaseImages.Keys)}");
}
