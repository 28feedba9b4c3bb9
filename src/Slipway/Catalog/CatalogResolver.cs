using Slipway.Diagnostics;

namespace Slipway.Catalog;

/// <summary>Computes a service's effective settings in an environment (pure; the catalog is not changed).</summary>
public static class CatalogResolver
{
    /// <summary>
    /// Effective settings of <paramref name="service"/> in <paramref name="environment"/>. Works for services not enabled there
    /// (<see cref="ResolvedService.Enabled"/> is false). Throws <see cref="SlipwayException"/> for unknown names.
    /// </summary>
    public static ResolvedService Resolve(this Catalog catalog, string service, string environment)
    {
        var spec = catalog.GetService(service);
        var environmentSpec = catalog.GetEnvironment(environment);
        var overrides = spec.Environments.GetValueOrDefault(environment);
        var defaults = catalog.Defaults;
        var baseImageName = spec.BaseImage ?? defaults.BaseImage;
        var baseImage = catalog.BaseImages.GetValueOrDefault(baseImageName)
            ?? throw SlipwayException.Input($"service '{service}'", $"base image '{baseImageName}' is not in baseImages", "add it to baseImages or fix the name");
        var registry = catalog.Registries.GetValueOrDefault(environmentSpec.Registry)
            ?? throw SlipwayException.Input($"environment '{environment}'", $"registry '{environmentSpec.Registry}' is not in registries", "add it to registries or fix the name");
        return new ResolvedService
        {
            Name = service,
            Environment = environment,
            Enabled = spec.IsEnabledIn(environment),
            Service = spec,
            EnvironmentSpec = environmentSpec,
            Port = overrides?.Port ?? spec.Port ?? defaults.Port,
            HealthPath = spec.HealthPath ?? defaults.HealthPath,
            Xms = overrides?.Heap?.Xms ?? spec.Heap?.Xms ?? defaults.Heap.Xms,
            Xmx = overrides?.Heap?.Xmx ?? spec.Heap?.Xmx ?? defaults.Heap.Xmx,
            JavaOpts = JoinOptions(spec.JavaOpts ?? defaults.JavaOpts, overrides?.JavaOpts),
            Conf = overrides?.Conf ?? environment,
            Replicas = overrides?.Replicas ?? defaults.Replicas,
            HealthTimeoutSeconds = defaults.HealthTimeoutSeconds,
            StopTimeoutSeconds = defaults.StopTimeoutSeconds,
            Verification = overrides?.Verification ?? environmentSpec.Verification,
            BaseImageName = baseImageName,
            BaseImage = baseImage,
            RegistryName = environmentSpec.Registry,
            Registry = registry,
            RegistryHost = RegistryAddress.HostOf(registry.Url),
            ImageRepository = RegistryAddress.ImageRepository(registry, service),
        };
    }

    private static string JoinOptions(params string?[] parts) =>
        string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}
