namespace Slipway.Catalog;

/// <summary>Each environment names a registry and one of the catalog's deploy modes, and carries exactly the settings block that mode reads.</summary>
internal static class EnvironmentRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, environment) in catalog.Environments)
        {
            if (!catalog.Registries.ContainsKey(environment.Registry))
                yield return new CatalogProblem(CatalogPath.Of("environments", name, "registry"),
                    $"unknown registry '{environment.Registry}'",
                    $"use one of the registries entries: {CatalogValidator.List(catalog.Registries.Keys)}");
            var mode = catalog.FindMode(environment.Mode);
            if (mode is null)
            {
                yield return new CatalogProblem(CatalogPath.Of("environments", name, "mode"),
                    $"unknown mode '{environment.Mode}'", $"use one of: {CatalogValidator.List(catalog.Modes.Select(m => m.Name))}");
                continue;
            }
            foreach (var problem in mode.Validate(name, environment)) yield return problem;
            foreach (var other in catalog.Modes.Where(m => m != mode && m.SettingsOf(environment) is not null))
                yield return new CatalogProblem(CatalogPath.Of("environments", name, other.SettingsKey),
                    $"'{other.SettingsKey}' settings are ignored in mode '{environment.Mode}'",
                    $"remove '{other.SettingsKey}', or set \"mode\": \"{other.Name}\"");
        }
    }
}
