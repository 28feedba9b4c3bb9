namespace Slipway.Catalog;

/// <summary>An environment's waves make a plan over its mode's targets, and its mode has targets to split.</summary>
internal static class WaveRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, environment) in catalog.Environments)
        {
            if (environment.Waves is not { } waves || catalog.FindMode(environment.Mode) is not { } mode) continue;
            var targets = mode.WaveTargets(environment);
            if (targets.Count == 0)
            {
                yield return new CatalogProblem(CatalogPath.Of("environments", name, "waves"),
                    $"waves split docker hosts or static-pod nodes, and mode '{mode.Name}' of '{name}' has none to split: it rolls out by itself",
                    "remove waves (Kubernetes rolls pods itself by maxSurge and maxUnavailable)");
                continue;
            }
            foreach (var problem in WavePlan.Problems(name, targets.Count, waves)) yield return problem;
        }
    }
}
