namespace Slipway.Catalog;

/// <summary>A wave plan names environments of the catalog, each once, in promotion order, under a name no environment has.</summary>
internal static class WavePlanRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (plan, environments) in catalog.WavePlans)
        {
            if (catalog.Environments.ContainsKey(plan))
                yield return new CatalogProblem(CatalogPath.Of("wavePlans", plan), $"wave plan '{plan}' has the name of an environment",
                    "rename the plan: Promote --to must tell the two apart");
            for (var i = 0; i < environments.Count; i++)
            {
                var at = CatalogPath.Of("wavePlans", plan, i);
                if (!catalog.Environments.TryGetValue(environments[i], out var environment))
                    yield return new CatalogProblem(at, $"unknown environment '{environments[i]}'",
                        $"use one of the environments entries: {CatalogValidator.List(catalog.Environments.Keys)}");
                else if (environments.IndexOf(environments[i]) < i)
                    yield return new CatalogProblem(at, $"environment '{environments[i]}' is in the plan twice", "list each environment once");
                else if (i > 0 && environment.PromoteFrom != environments[i - 1])
                    yield return new CatalogProblem(at,
                        $"'{environments[i]}' receives from '{environment.PromoteFrom ?? "(nothing)"}', not from '{environments[i - 1]}' before it in the plan",
                        $"order the plan by promotion order, or set \"promoteFrom\": \"{environments[i - 1]}\" on '{environments[i]}'");
            }
        }
    }
}
