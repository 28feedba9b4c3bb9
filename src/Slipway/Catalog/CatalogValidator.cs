namespace Slipway.Catalog;

/// <summary>Semantic checks the schema cannot express: cross-references, mode requirements, port collisions, name grammars.</summary>
public static class CatalogValidator
{
    /// <summary>Every semantic problem in <paramref name="catalog"/> (empty when valid).</summary>
    public static IReadOnlyList<CatalogProblem> Validate(Catalog catalog) =>
    [
        .. TimeZoneRule.Check(catalog),
        .. RegistryRules.Check(catalog),
        .. BaseImageRules.Check(catalog),
        .. EnvironmentRules.Check(catalog),
        .. PromotionRules.Check(catalog),
        .. GateRules.Check(catalog),
        .. VerificationRules.Check(catalog),
        .. WaveRules.Check(catalog),
        .. WavePlanRules.Check(catalog),
        .. ServiceRules.Check(catalog),
        .. PortCollisionRule.Check(catalog),
    ];

    /// <summary>Comma-separated names for "valid choices" lists.</summary>
    internal static string List(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "(none)" : list;
    }
}
