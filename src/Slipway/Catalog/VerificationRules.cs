namespace Slipway.Catalog;

/// <summary>
/// Verification blocks that can work (the schema already refuses zero or negative durations and a negative failureLimit):
/// JSONPaths that can match, checks that check something, an interval that fits in the duration.
/// </summary>
internal static class VerificationRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, environment) in catalog.Environments)
            foreach (var problem in CheckBlock(environment.Verification, ["environments", name, "verification"]))
                yield return problem;
        foreach (var (service, spec) in catalog.Services)
            foreach (var (environment, here) in spec.Environments)
                foreach (var problem in CheckBlock(here.Verification, ["services", service, "environments", environment, "verification"]))
                    yield return problem;
    }

    private static IEnumerable<CatalogProblem> CheckBlock(VerificationSpec? verification, object[] at)
    {
        if (verification is null) yield break;
        if (verification.Http.Count == 0 && verification.Metrics.Count == 0)
            yield return new CatalogProblem(CatalogPath.Of(at), "verification lists no check", "add an http or a metrics check, or remove verification");
        if (verification.IntervalSeconds > verification.DurationSeconds)
            yield return new CatalogProblem(CatalogPath.Of([.. at, "intervalSeconds"]),
                $"the interval ({verification.IntervalSeconds}s) is longer than the duration ({verification.DurationSeconds}s)",
                "make durationSeconds at least intervalSeconds");
        for (var i = 0; i < verification.Http.Count; i++)
        {
            var check = verification.Http[i];
            if (check.JsonPath is { } path && JsonPathQuery.TryParse(path, out var problem) is null)
                yield return new CatalogProblem(CatalogPath.Of([.. at, "http", i, "jsonPath"]), problem!,
                    "write $ followed by .name, ['name'] or [index] steps, e.g. \"$.conf\" or \"$.items[0].id\"");
            if (check.EqualsValue is not null && check.JsonPath is null)
                yield return new CatalogProblem(CatalogPath.Of([.. at, "http", i, "equals"]),
                    "equals without a jsonPath compares nothing", "add the jsonPath of the value, or use bodyContains");
        }
        for (var i = 0; i < verification.Metrics.Count; i++)
        {
            var metric = verification.Metrics[i];
            if (metric.Max is null && metric.Min is null)
                yield return new CatalogProblem(CatalogPath.Of([.. at, "metrics", i]),
                    $"metric '{metric.Name}' has neither max nor min", "give the bound it must stay within, e.g. \"max\": 0");
            if (metric.Max < metric.Min)
                yield return new CatalogProblem(CatalogPath.Of([.. at, "metrics", i, "max"]),
                    $"max {metric.Max} is below min {metric.Min}: no value can pass", "swap them, or fix the bound");
        }
    }
}
