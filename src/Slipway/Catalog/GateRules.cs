
namespace Slipway.Catalog;

/// <summary>Release gates that can work: window expressions that parse in known time zones, approvals that can be met.</summary>
internal static class GateRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, environment) in catalog.Environments)
            foreach (var problem in CheckGates(catalog, environment.Gates, ["environments", name, "gates"]))
                yield return problem;
        foreach (var (service, spec) in catalog.Services)
            foreach (var (environment, here) in spec.Environments)
                foreach (var problem in CheckGates(catalog, here.Gates, ["services", service, "environments", environment, "gates"]))
                    yield return problem;
    }

    private static IEnumerable<CatalogProblem> CheckGates(Catalog catalog, GatesSpec? gates, object[] at)
    {
        if (gates is null) yield break;
        foreach (var (kind, rules) in new[] { ("allow", gates.Windows?.Allow ?? []), ("deny", gates.Windows?.Deny ?? []) })
            for (var i = 0; i < rules.Count; i++)
            {
                string? problem = null;
                try { WindowRule.Parse(rules[i], catalog.TimeZone); }
                catch (FormatException e) { problem = e.Message; }
                if (problem is not null)
                    yield return new CatalogProblem(CatalogPath.Of([.. at, "windows", kind, i]),
                        problem, "write a five-field cron (\"0 9 * * 1-5\") or an RRULE (\"FREQ=WEEKLY;BYDAY=SA,SU\") with durationMinutes >= 1");
            }
        if (gates.Approvals is { } approvals)
        {
            if (approvals.Approvers.Distinct().Count() < approvals.Required)
                yield return new CatalogProblem(CatalogPath.Of([.. at, "approvals", "required"]),
                    $"{approvals.Required} approvals required but only {approvals.Approvers.Distinct().Count()} distinct approvers",
                    "name more approvers, or require fewer");
        }
        if (gates.OverrideApprovals is > 0 && gates.Approvals is null)
            yield return new CatalogProblem(CatalogPath.Of([.. at, "overrideApprovals"]),
                "override approvals need approvers, and gates.approvals names none", "add gates.approvals with its approvers");
    }
}
