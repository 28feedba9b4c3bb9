namespace Slipway.Catalog;

/// <summary>promoteFrom names another environment, and following promoteFrom never loops.</summary>
internal static class PromotionRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, environment) in catalog.Environments)
        {
            if (environment.PromoteFrom is not { } source) continue;
            var path = CatalogPath.Of("environments", name, "promoteFrom");
            if (source == name)
                yield return new CatalogProblem(path, $"environment '{name}' promotes from itself", "name the previous stage, or remove promoteFrom for a first stage");
            else if (!catalog.Environments.ContainsKey(source))
                yield return new CatalogProblem(path, $"unknown environment '{source}'",
                    $"use one of: {CatalogValidator.List(catalog.Environments.Keys.Where(k => k != name))}");
        }
        var reported = new HashSet<string>();
        foreach (var name in catalog.Environments.Keys)
        {
            var cycle = CycleThrough(catalog, name);
            if (cycle is null || !reported.Add(string.Join(",", cycle.Order()))) continue;
            yield return new CatalogProblem(CatalogPath.Of("environments", name, "promoteFrom"),
                $"promotion cycle: {string.Join(" <- ", cycle.Append(name))}",
                "break the cycle: the first stage (e.g. develop) must not have promoteFrom");
        }
    }

    /// <summary>The environments of a promoteFrom cycle starting at <paramref name="start"/>, or null when the chain ends.</summary>
    private static List<string>? CycleThrough(Catalog catalog, string start)
    {
        var chain = new List<string> { start };
        var current = start;
        while (catalog.Environments.TryGetValue(current, out var environment) && environment.PromoteFrom is { } source && source != current)
        {
            if (source == start) return chain;
            if (chain.Contains(source)) return null; // a loop further up; reported when starting from one of its members
            chain.Add(source);
            current = source;
        }
        return null;
    }
}
