namespace Slipway.Catalog;

/// <summary>Per-service checks: environment and base image references, branch name, build type/module pairing.</summary>
internal static class ServiceRules
{
    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, service) in catalog.Services)
        {
            foreach (var environment in service.Environments.Keys.Where(e => !catalog.Environments.ContainsKey(e)))
                yield return new CatalogProblem(CatalogPath.Of("services", name, "environments", environment),
                    $"unknown environment '{environment}'",
                    $"use one of: {CatalogValidator.List(catalog.Environments.Keys)}");
            if (service.BaseImage is { } baseImage && !catalog.BaseImages.ContainsKey(baseImage))
                yield return BaseImageRules.UnknownBaseImage(catalog, CatalogPath.Of("services", name, "baseImage"), baseImage);
            if (NameSyntax.GitBranchProblem(service.Branch) is { } branchProblem)
                yield return new CatalogProblem(CatalogPath.Of("services", name, "branch"),
                    $"invalid git branch name '{service.Branch}': it {branchProblem}",
                    "use a name git accepts (see git check-ref-format), e.g. \"develop\"");
            foreach (var problem in BuildProblems(name, service.Build))
                yield return problem;
        }
    }

    private static IEnumerable<CatalogProblem> BuildProblems(string service, BuildSpec build)
    {
        var modulePath = CatalogPath.Of("services", service, "build", "module");
        if (build.Type == "module" && string.IsNullOrWhiteSpace(build.Module))
            yield return new CatalogProblem(modulePath,
                "build type 'module' requires 'module'",
                "set \"module\" to the Maven module to build (mvn install -pl <module> -am), or use \"type\": \"single\"");
        if (build.Type == "single" && build.Module is not null)
            yield return new CatalogProblem(modulePath,
                "build type 'single' must not set 'module'",
                "remove \"module\", or use \"type\": \"module\" to build one module of a multi-module project");
        if (build.Type is not ("single" or "module"))
            yield return new CatalogProblem(CatalogPath.Of("services", service, "build", "type"),
                $"unknown build type '{build.Type}'", "use one of: single, module");
    }
}
