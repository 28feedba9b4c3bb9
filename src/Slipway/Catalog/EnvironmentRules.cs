namespace Slipway.Catalog;

/// <summary>Each environment names a registry and carries exactly the settings block its mode needs.</summary>
internal static class EnvironmentRules
{
    private static readonly string[] Modes = ["docker", "static-pod", "kubernetes"];

    public static IEnumerable<CatalogProblem> Check(Catalog catalog)
    {
        foreach (var (name, environment) in catalog.Environments)
        {
            if (!catalog.Registries.ContainsKey(environment.Registry))
                yield return new CatalogProblem(CatalogPath.Of("environments", name, "registry"),
                    $"unknown registry '{environment.Registry}'",
                    $"use one of the registries entries: {CatalogValidator.List(catalog.Registries.Keys)}");
            var problems = environment.Mode switch
            {
                "docker" => DockerModeRules.Check(name, environment.Docker),
                "static-pod" => StaticPodModeRules.Check(name, environment.StaticPod),
                "kubernetes" => KubernetesModeRules.Check(name, environment.Kubernetes),
                _ => [new CatalogProblem(CatalogPath.Of("environments", name, "mode"),
                    $"unknown mode '{environment.Mode}'", $"use one of: {string.Join(", ", Modes)}")],
            };
            foreach (var problem in problems.Concat(UnusedBlocks(name, environment)))
                yield return problem;
        }
    }

    private static IEnumerable<CatalogProblem> UnusedBlocks(string name, EnvironmentSpec environment)
    {
        (string Key, string Mode, object? Block)[] blocks =
        [
            ("docker", "docker", environment.Docker),
            ("staticPod", "static-pod", environment.StaticPod),
            ("kubernetes", "kubernetes", environment.Kubernetes),
        ];
        foreach (var (key, mode, block) in blocks)
            if (block is not null && mode != environment.Mode && Modes.Contains(environment.Mode))
                yield return new CatalogProblem(CatalogPath.Of("environments", name, key),
                    $"'{key}' settings are ignored in mode '{environment.Mode}'",
                    $"remove '{key}', or set \"mode\": \"{mode}\"");
    }
}
