using Slipway.Catalog;
using Slipway.Images;
using Slipway.Registry;

namespace Slipway.Releases;

/// <summary>
/// The repositories of a promotion's target registry that may already hold the image's blobs, in the order worth trying:
/// the environment's base repository, the service's repositories of other environments there, then the other services'
/// repositories there (an earlier promotion of another service brought the same base layers). A base the catalog reads from
/// the target registry itself comes first: its own repository there holds the base layers.
/// </summary>
public static class MountSources
{
    public static IReadOnlyList<string> For(Catalog.Catalog catalog, ResolvedService to)
    {
        var registry = to.Registry.Url.TrimEnd('/');
        var namespaces = catalog.Environments.Values
            .Select(e => catalog.Registries.GetValueOrDefault(e.Registry))
            .Where(r => r is not null && r.Url.TrimEnd('/') == registry)
            .Select(r => r!.Namespace.Trim('/'))
            .Prepend(to.Registry.Namespace.Trim('/'))
            .Distinct()
            .ToList();
        var services = catalog.Services.Keys.Where(s => s != to.Name).Order(StringComparer.Ordinal).Prepend(to.Name);
        var baseInTarget = to.BaseImage.Registry is { } baseRegistry && catalog.Registries.GetValueOrDefault(baseRegistry) is { } spec &&
                           spec.Url.TrimEnd('/') == registry
            ? [ImageReference.InRegistry(RegistryAddress.HostOf(spec.Url), to.BaseImage.Image).Repository]
            : Array.Empty<string>();
        return baseInTarget.Concat(namespaces.Select(ns => BaseImagePublisher.RepositoryPath(ns, to.BaseImageName)))
            .Concat(services.SelectMany(service => namespaces.Select(ns => $"{ns}/{service}".TrimStart('/'))))
            .Where(repo => repo != to.RepositoryPath)
            .Distinct()
            .ToList();
    }
}
