using Slipway.Diagnostics;

namespace Slipway.Catalog;

/// <summary>Name lookups over a loaded catalog, with errors that list the valid choices.</summary>
public static class CatalogLookup
{
    /// <summary>The environment named <paramref name="name"/>; throws listing the valid environments when unknown.</summary>
    public static EnvironmentSpec GetEnvironment(this Catalog catalog, string name) =>
        catalog.Environments.TryGetValue(name, out var environment)
            ? environment
            : throw new SlipwayException($"Unknown environment '{name}'. Valid environments: {CatalogValidator.List(catalog.Environments.Keys)}");

    /// <summary><paramref name="names"/> with each wave plan's name replaced by its environments, in order.</summary>
    public static IReadOnlyList<string> ExpandWavePlans(this Catalog catalog, IReadOnlyList<string> names) =>
        names.SelectMany(name => catalog.WavePlans.TryGetValue(name, out var plan) ? plan : [name]).ToList();

    /// <summary>The environment named <paramref name="name"/> with its deploy mode; throws listing the valid environments when unknown.</summary>
    public static TargetEnvironment Target(this Catalog catalog, string name)
    {
        var spec = catalog.GetEnvironment(name);
        var mode = catalog.FindMode(spec.Mode)
            ?? throw new SlipwayException($"Environment '{name}' has deploy mode '{spec.Mode}', which this catalog was not loaded with. " +
                                          $"Fix: use one of {CatalogValidator.List(catalog.Modes.Select(m => m.Name))}");
        return new TargetEnvironment(name, spec, mode);
    }

    /// <summary>The catalog's deploy mode named <paramref name="name"/>, or null.</summary>
    public static ICatalogMode? FindMode(this Catalog catalog, string name) => catalog.Modes.FirstOrDefault(m => m.Name == name);

    /// <summary>The service named <paramref name="name"/>; throws listing the valid services when unknown.</summary>
    public static ServiceSpec GetService(this Catalog catalog, string name) =>
        catalog.Services.TryGetValue(name, out var service)
            ? service
            : throw new SlipwayException($"Unknown service '{name}'. Valid services: {CatalogValidator.List(catalog.Services.Keys)}");

    /// <summary>True when <paramref name="service"/> lists <paramref name="environment"/> and is not disabled there.</summary>
    public static bool IsEnabledIn(this ServiceSpec service, string environment) =>
        service.Environments.TryGetValue(environment, out var settings) && settings.Enabled;

    /// <summary>Services enabled in <paramref name="environment"/>, in catalog order. Does not check that the environment exists.</summary>
    public static IReadOnlyList<string> ServicesEnabledIn(this Catalog catalog, string environment) =>
        catalog.Services.Where(s => s.Value.IsEnabledIn(environment)).Select(s => s.Key).ToList();

    /// <summary>
    /// The services to act on in <paramref name="environment"/>: all enabled ones when <paramref name="requested"/> is null or empty,
    /// otherwise the requested ones (deduplicated, in the order given). Throws for unknown services, or services not enabled there.
    /// </summary>
    public static IReadOnlyList<string> SelectServices(this Catalog catalog, string environment, string[]? requested)
    {
        catalog.GetEnvironment(environment);
        var enabled = catalog.ServicesEnabledIn(environment);
        if (requested is null || requested.Length == 0) return enabled;
        foreach (var name in requested)
        {
            if (!catalog.GetService(name).IsEnabledIn(environment))
                throw new SlipwayException(
                    $"Service '{name}' is not enabled in environment '{environment}'. Services enabled there: {CatalogValidator.List(enabled)}. " +
                    $"Fix: pick one of those, or add \"{environment}\": {{}} under services.{name}.environments in the catalog");
        }
        return requested.Distinct().ToList();
    }

    /// <summary>
    /// The promotion chain ending at <paramref name="environment"/>, first stage first
    /// (e.g. pubtest -> [develop, test, pubtest]).
    /// </summary>
    public static IReadOnlyList<string> PromotionChain(this Catalog catalog, string environment)
    {
        var chain = new List<string>();
        for (string? current = environment; current is not null; current = catalog.GetEnvironment(current).PromoteFrom)
        {
            if (chain.Contains(current))
                throw new SlipwayException($"Promotion cycle through environment '{current}'. Fix: remove promoteFrom from the first stage");
            chain.Add(current);
        }
        chain.Reverse();
        return chain;
    }
}
