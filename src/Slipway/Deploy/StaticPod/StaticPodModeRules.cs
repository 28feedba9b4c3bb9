using Slipway.Catalog;

namespace Slipway.Deploy.StaticPod;

/// <summary>Mode static-pod: a manifest repository, a valid branch, and at least one uniquely named node.</summary>
internal static class StaticPodModeRules
{
    public static IEnumerable<CatalogProblem> Check(string environment, StaticPodModeSpec? staticPod)
    {
        if (staticPod is null)
        {
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "staticPod"),
                "mode 'static-pod' requires a 'staticPod' block",
                "add \"staticPod\": { \"repository\": \"<git url of the manifests>\", \"nodes\": [ { \"name\": ... } ] }");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(staticPod.Repository))
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "staticPod", "repository"),
                "mode 'static-pod' requires the manifest repository", "set \"repository\" to the git URL the kubelets' manifests are committed to");
        if (NameSyntax.GitBranchProblem(staticPod.Branch) is { } branchProblem)
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "staticPod", "branch"),
                $"invalid git branch name '{staticPod.Branch}': it {branchProblem}", "use a name git accepts (see git check-ref-format), e.g. \"main\"");
        if (staticPod.Nodes.Count == 0)
            yield return new CatalogProblem(CatalogPath.Of("environments", environment, "staticPod", "nodes"),
                "mode 'static-pod' requires at least one node", "add the nodes that run the pods: \"nodes\": [ { \"name\": ..., \"address\": ... } ]");
        var seen = new HashSet<string>();
        for (var i = 0; i < staticPod.Nodes.Count; i++)
            if (!seen.Add(staticPod.Nodes[i].Name))
                yield return new CatalogProblem(CatalogPath.Of("environments", environment, "staticPod", "nodes", i, "name"),
                    $"duplicate node name '{staticPod.Nodes[i].Name}'", "list every node once");
    }
}
